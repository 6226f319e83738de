package dev.campaigntick.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbers no tick can run with are refused at start, each with its variable and value. */
class SettingsCheckTests {

  /** The settings as the function reads them, with these values over the defaults. */
  static TickConfig settings(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withMapping(TickConfig.class)
        .withSources(new PropertiesConfigSource(values, "test", 500))
        .build()
        .getConfigMapping(TickConfig.class);
  }

  @Test
  void theDefaultsAndTheBenchmarksSettingsPass() {
    assertEquals(List.of(), SettingsCheck.problems(settings(Map.of())));
    // A back-to-back benchmark: a 1-s interval under the 5-s jitter tolerance is allowed.
    assertEquals(
        List.of(),
        SettingsCheck.problems(
            settings(
                Map.of(
                    "campaign-tick.cron-interval-seconds", "1",
                    "campaign-tick.tick-budget-ms", "1000",
                    "campaign-tick.tick-reserve-ms", "0"))));
  }

  @Test
  void namesEveryVariableThatCannotWork() {
    assertEquals(
        List.of(
            "CRON_INTERVAL_MINUTES must be at least 1, got 0",
            "TICK_BUDGET_MS must be at least 1000, got 0",
            "TICK_RESERVE_MS must be below TICK_BUDGET_MS (0), got 350",
            "CALL_PROVIDER_CONCURRENCY must be at least 1, got 0",
            "CLAIM_WAVE_SIZE must be at least 1, got -5"),
        SettingsCheck.problems(
            settings(
                Map.of(
                    "campaign-tick.cron-interval-minutes", "0",
                    "campaign-tick.tick-budget-ms", "0",
                    "campaign-tick.call-provider-concurrency", "0",
                    "campaign-tick.claim-wave-size", "-5"))));
  }

  @Test
  void aReserveAsLargeAsTheBudgetLeavesNoTimeToLaunch() {
    assertEquals(
        List.of("TICK_RESERVE_MS must be below TICK_BUDGET_MS (2000), got 2000"),
        SettingsCheck.problems(
            settings(
                Map.of(
                    "campaign-tick.tick-budget-ms", "2000",
                    "campaign-tick.tick-reserve-ms", "2000"))));
  }

  @Test
  void secondsReplaceMinutesWhenSet() {
    assertEquals(
        List.of("CRON_INTERVAL_SECONDS must be at least 1, got 0"),
        SettingsCheck.problems(
            settings(
                Map.of(
                    "campaign-tick.cron-interval-minutes", "0",
                    "campaign-tick.cron-interval-seconds", "0"))));
  }
}
