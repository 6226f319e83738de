package dev.campaigntick.tick;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Prometheus figures of runs: by trigger, status and skip reason, with their durations. */
@ApplicationScoped
public class TickMetrics {

  private final MeterRegistry registry;

  public TickMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts a finished (or skipped) run, its launches, failures and duration. */
  public void record(TickReport report) {
    Counter.builder("campaign_tick_runs")
        .description("Runs by trigger, status and skip reason")
        .tag("trigger", report.trigger().name())
        .tag("status", report.status().name())
        .tag("skip_reason", report.skipReason() == null ? "none" : report.skipReason())
        .register(registry)
        .increment();
    if (report.status() == RunStatus.SKIPPED) {
      return;
    }
    Timer.builder("campaign_tick_run_duration")
        .description("Wall-clock duration of accepted runs")
        .tag("trigger", report.trigger().name())
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofMillis(report.durationMs()));
    if (report.budgetExhausted()) {
      registry.counter("campaign_tick_budget_exhausted").increment();
    }
    registry.counter("campaign_tick_launches").increment(report.launched());
  }

  /** Counts a run that failed before anything could be recorded (the database is down). */
  public void recordFailure(Trigger trigger) {
    Counter.builder("campaign_tick_runs")
        .tag("trigger", trigger.name())
        .tag("status", RunStatus.FAILED.name())
        .tag("skip_reason", "none")
        .register(registry)
        .increment();
  }
}
