package dev.campaigntick.tick;

import dev.campaigntick.config.TickConfig;
import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.db.SchemaMigrator;
import dev.campaigntick.time.TimeSource;
import dev.campaigntick.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** The tick pipeline of DESIGN.md: gate, run the batch within the budget, record, release. */
@ApplicationScoped
public class TickService {

  private static final Logger LOG = Logger.getLogger(TickService.class);

  private final TickConfig config;
  private final TimeSource time;
  private final CronStateRepository cronState;
  private final CampaignBatch batch;
  private final TickMetrics metrics;
  private final SchemaMigrator schema;

  public TickService(
      TickConfig config,
      TimeSource time,
      CronStateRepository cronState,
      CampaignBatch batch,
      TickMetrics metrics,
      SchemaMigrator schema) {
    this.config = config;
    this.time = time;
    this.cronState = cronState;
    this.batch = batch;
    this.metrics = metrics;
    this.schema = schema;
  }

  /**
   * One run: a cron tick (interval-gated) or a manual run, optionally for one organization.
   *
   * @param arrivedNanos when the request for it reached the function ({@link System#nanoTime()}):
   *     the budget counts from there
   */
  public TickReport run(Trigger trigger, String organizationId, long arrivedNanos) {
    Deadline deadline = Deadline.startedAt(arrivedNanos, config.tickBudget());
    schema.awaitStartupCheckQuietly(); // its connection, not a second one (a fresh process only)
    Instant now = time.now();
    Instant leaseUntil = now.plus(config.tickBudget()).plusMillis(config.tickLeaseMarginMs());
    Duration minGap = config.cronInterval().minusSeconds(config.cronJitterToleranceSeconds());
    GateDecision gate = cronState.gate(now, trigger, organizationId, minGap, leaseUntil);
    if (!gate.accepted()) {
      TickReport skipped = skippedReport(gate, trigger, now, deadline);
      log(skipped);
      metrics.record(skipped);
      return skipped;
    }
    RunContext context = new RunContext(gate.runId(), trigger, now, deadline, organizationId);
    TickReport report;
    try {
      report = completedReport(context, batch.run(context), gate);
    } catch (DatabaseUnavailableException e) {
      metrics.recordFailure(trigger);
      throw e; // the lease expires by itself; nothing more can be written now
    } catch (RuntimeException e) {
      LOG.errorf(e, "run %d failed", gate.runId());
      TickReport failed = failedReport(context, e);
      cronState.finish(gate.runId(), failed);
      metrics.record(failed);
      throw new ApiException(503, "run_failed", "The run could not proceed: " + e.getMessage());
    }
    cronState.finish(gate.runId(), report);
    log(report);
    metrics.record(report);
    return report;
  }

  private TickReport skippedReport(
      GateDecision gate, Trigger trigger, Instant now, Deadline deadline) {
    return new TickReport(
        gate.runId(),
        trigger,
        RunStatus.SKIPPED,
        gate.skipReason(),
        now,
        deadline.elapsed().toMillis(),
        false,
        0,
        0,
        0,
        0,
        List.of(),
        List.of(),
        nextRunAt(now, gate.lastCronRunAt()));
  }

  private TickReport completedReport(RunContext context, BatchResult result, GateDecision gate) {
    return new TickReport(
        context.runId(),
        context.trigger(),
        result.status(),
        null,
        context.now(),
        context.deadline().elapsed().toMillis(),
        result.budgetExhausted(),
        result.processed(),
        result.launched(),
        result.failed(),
        result.skipped(),
        result.campaigns(),
        result.errors(),
        nextRunAt(
            context.now(),
            context.trigger() == Trigger.CRON ? context.now() : gate.lastCronRunAt()));
  }

  private TickReport failedReport(RunContext context, RuntimeException e) {
    return new TickReport(
        context.runId(),
        context.trigger(),
        RunStatus.FAILED,
        null,
        context.now(),
        context.deadline().elapsed().toMillis(),
        false,
        0,
        0,
        0,
        0,
        List.of(),
        List.of(new TickReport.RunError(null, String.valueOf(e.getMessage()))),
        nextRunAt(context.now(), null));
  }

  /** When the next cron tick is due: one interval after the last cron run, never in the past. */
  private Instant nextRunAt(Instant now, Instant lastCronRunAt) {
    Instant due = lastCronRunAt == null ? now : lastCronRunAt.plus(config.cronInterval());
    return due.isAfter(now) ? due : now.plus(config.cronInterval());
  }

  private static void log(TickReport r) {
    LOG.infof(
        "run id=%s trigger=%s status=%s skipReason=%s durationMs=%d budgetExhausted=%s"
            + " processed=%d launched=%d failed=%d skipped=%d errors=%d",
        r.runId(),
        r.trigger(),
        r.status(),
        r.skipReason(),
        r.durationMs(),
        r.budgetExhausted(),
        r.processed(),
        r.launched(),
        r.failed(),
        r.skipped(),
        r.errors().size());
  }
}
