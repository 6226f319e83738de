package dev.campaigntick.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the function (CONTRACT.md section 1), read from the environment. */
@ConfigMapping(prefix = "campaign-tick")
public interface TickConfig {

  /** CRON_SECRET: the secret(s) the cron presents; comma-separated to rotate without downtime. */
  Optional<String> cronSecret();

  /** ADMIN_TOKEN: the bearer token of the admin API and the dashboard. */
  Optional<String> adminToken();

  /** WEBHOOK_SECRET: HMAC key(s) of the provider's status callbacks; comma-separated to rotate. */
  Optional<String> webhookSecret();

  /** CRON_INTERVAL_MINUTES: a cron tick sooner than this after the last cron run is skipped. */
  @WithDefault("1")
  int cronIntervalMinutes();

  /**
   * CRON_INTERVAL_SECONDS: when set, the interval in seconds instead (a scheduler that fires more
   * often than once a minute, or a benchmark compressing time).
   */
  Optional<Integer> cronIntervalSeconds();

  /** CRON_JITTER_TOLERANCE_SECONDS: how early a cron tick may arrive and still count as due. */
  @WithDefault("5")
  int cronJitterToleranceSeconds();

  /** TICK_BUDGET_MS: wall-clock budget of one tick, end to end, including the HTTP response. */
  @WithDefault("10000")
  long tickBudgetMs();

  /** TICK_LEASE_MARGIN_MS: how long after its budget a dead run's lease still blocks others. */
  @WithDefault("5000")
  long tickLeaseMarginMs();

  /** CALL_PROVIDER: {@code simulated} (no external calls) or {@code http}. */
  @WithDefault("simulated")
  ProviderKind callProvider();

  /** CALL_PROVIDER_URL: where the {@code http} provider posts launches. */
  Optional<URI> callProviderUrl();

  /** CALL_PROVIDER_TOKEN: bearer token for the {@code http} provider. */
  Optional<String> callProviderToken();

  /** CALL_PROVIDER_CONCURRENCY: launches in flight at once. */
  @WithDefault("64")
  int callProviderConcurrency();

  /**
   * CALL_PROVIDER_TIMEOUT_MS: how long one launch may wait for the provider's answer; a launch
   * without an answer by then is unconfirmed (it stays QUEUED and is re-sent under the same key).
   */
  @WithDefault("5000")
  int callProviderTimeoutMs();

  /** PUBLIC_URL: where the provider reaches this function; callbacks go to /api/calls/events. */
  @WithDefault("http://localhost:8080")
  String publicUrl();

  /**
   * TICK_RESERVE_MS: the part of the budget kept for writing the last outcomes, recording the run
   * and answering (half as much again on a process's first run, plus 0.02 ms per campaign in the
   * report); no launch is waited for inside it, and sending stops early enough before it for the
   * launches in flight to be answered (1.5 times the run's average provider latency). In the
   * benchmark matrix a tick's answer reached its caller at most about 190 ms after the last launch
   * was answered (60 ms of it inside the function); the default keeps nearly twice that.
   */
  @WithDefault("350")
  long tickReserveMs();

  /**
   * CLAIM_WAVE_SIZE: the most contacts claimed per wave, at least one per admitted campaign; a run
   * claims wave after wave within budget, growing to this size from a few rounds of launches.
   */
  @WithDefault("5000")
  int claimWaveSize();

  /** SIMULATED_CALL_SECONDS: how long a simulated call lasts before it completes. */
  @WithDefault("30")
  int simulatedCallSeconds();

  /**
   * MIGRATE_AT_START: migrate the schema when the function starts; off on Lambda, where Flyway runs
   * as its own step and the function only checks the schema version.
   */
  @WithDefault("true")
  boolean migrateAtStart();

  /** MIGRATE_ONLY: migrate the schema, then exit (the migration step of a Lambda deployment). */
  @WithDefault("false")
  boolean migrateOnly();

  /** The interval gating cron ticks. */
  default Duration cronInterval() {
    return cronIntervalSeconds()
        .map(Duration::ofSeconds)
        .orElseGet(() -> Duration.ofMinutes(cronIntervalMinutes()));
  }

  /** The budget of one tick. */
  default Duration tickBudget() {
    return Duration.ofMillis(tickBudgetMs());
  }

  /** Which call provider launches calls. */
  enum ProviderKind {
    SIMULATED,
    HTTP
  }
}
