package dev.campaigntick.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start with numbers no tick can run with (a zero budget, no launches in flight, a
 * reserve that eats the whole budget), naming each variable, what it needs and what it got, so a
 * wrong deploy fails at once instead of answering every tick with nothing done.
 */
@ApplicationScoped
public class SettingsCheck {

  /** The smallest budget a tick is given (the Lambda template's TickBudgetMs allows no less). */
  static final long MIN_BUDGET_MS = 1000;

  void checkAtStart(@Observes StartupEvent event, TickConfig config) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid settings: " + String.join("; ", problems));
    }
  }

  /** What is wrong with the settings, one sentence each; empty when they can all work. */
  static List<String> problems(TickConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.cronIntervalSeconds().isPresent()) {
      atLeast(problems, "CRON_INTERVAL_SECONDS", config.cronIntervalSeconds().get(), 1);
    } else {
      atLeast(problems, "CRON_INTERVAL_MINUTES", config.cronIntervalMinutes(), 1);
    }
    atLeast(problems, "CRON_JITTER_TOLERANCE_SECONDS", config.cronJitterToleranceSeconds(), 0);
    atLeast(problems, "TICK_BUDGET_MS", config.tickBudgetMs(), MIN_BUDGET_MS);
    atLeast(problems, "TICK_RESERVE_MS", config.tickReserveMs(), 0);
    if (config.tickReserveMs() >= config.tickBudgetMs()) {
      problems.add(
          "TICK_RESERVE_MS must be below TICK_BUDGET_MS ("
              + config.tickBudgetMs()
              + "), got "
              + config.tickReserveMs());
    }
    atLeast(problems, "TICK_LEASE_MARGIN_MS", config.tickLeaseMarginMs(), 0);
    atLeast(problems, "CALL_PROVIDER_CONCURRENCY", config.callProviderConcurrency(), 1);
    atLeast(problems, "CALL_PROVIDER_TIMEOUT_MS", config.callProviderTimeoutMs(), 1);
    atLeast(problems, "CLAIM_WAVE_SIZE", config.claimWaveSize(), 1);
    atLeast(problems, "SIMULATED_CALL_SECONDS", config.simulatedCallSeconds(), 0);
    return problems;
  }

  private static void atLeast(List<String> problems, String variable, long value, long least) {
    if (value < least) {
      problems.add(variable + " must be at least " + least + ", got " + value);
    }
  }
}
