package dev.campaigntick.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.campaign.CampaignLifecycle;
import dev.campaigntick.config.TickConfig;
import dev.campaigntick.dispatch.CallDispatcher.Launch;
import dev.campaigntick.dispatch.JobClaimer.Claim;
import dev.campaigntick.dispatch.JobOutcomes.Failure;
import dev.campaigntick.provider.CallProvider;
import dev.campaigntick.provider.LaunchResult;
import dev.campaigntick.tick.BatchResult;
import dev.campaigntick.tick.CampaignBatch;
import dev.campaigntick.tick.RunContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The campaign batch of DESIGN.md: housekeeping, then waves of admit → claim → launch → write
 * outcomes until the work or the budget runs out. The number of statements per wave is fixed,
 * whatever the number of campaigns.
 */
@ApplicationScoped
public class CampaignBatchRunner implements CampaignBatch {

  private static final Logger LOG = Logger.getLogger(CampaignBatchRunner.class);

  /** The least time a wave needs to be worth starting (claim, a few launches, writes). */
  private static final Duration MIN_WAVE_TIME = Duration.ofMillis(200);

  /** Time the report of one campaign costs to record, serialize and send. */
  private static final long REPORT_NANOS_PER_CAMPAIGN = 100_000;

  /** Housekeeping batch limits: bounded work per tick; the rest waits for the next one. */
  private static final int HOUSEKEEPING_LIMIT = 20_000;

  private final CampaignLifecycle lifecycle;
  private final AdmissionPlanner planner;
  private final JobClaimer claimer;
  private final CallDispatcher dispatcher;
  private final JobOutcomes outcomes;
  private final JobReaper reaper;
  private final SimulatedCallCompleter simulatedCalls;
  private final CallProvider provider;
  private final ObjectMapper mapper;
  private final MeterRegistry registry;
  private final Duration reserve;
  private final int waveSize;
  private volatile boolean warmedUp;

  public CampaignBatchRunner(
      CampaignLifecycle lifecycle,
      AdmissionPlanner planner,
      JobClaimer claimer,
      CallDispatcher dispatcher,
      JobOutcomes outcomes,
      JobReaper reaper,
      SimulatedCallCompleter simulatedCalls,
      CallProvider provider,
      ObjectMapper mapper,
      MeterRegistry registry,
      TickConfig config) {
    this.lifecycle = lifecycle;
    this.planner = planner;
    this.claimer = claimer;
    this.dispatcher = dispatcher;
    this.outcomes = outcomes;
    this.reaper = reaper;
    this.simulatedCalls = simulatedCalls;
    this.provider = provider;
    this.mapper = mapper;
    this.registry = registry;
    this.reserve = Duration.ofMillis(config.tickReserveMs());
    this.waveSize = config.claimWaveSize();
  }

  @Override
  public BatchResult run(RunContext context) {
    BatchTally tally = new BatchTally();
    housekeeping(context, tally);
    boolean firstWave = true;
    while (true) {
      Duration reserve = reserveFor(tally);
      if (!context.deadline().hasLeft(reserve.plus(MIN_WAVE_TIME))) {
        tally.budgetExhausted();
        break;
      }
      WaveOutcome wave = runWave(context, tally, firstWave, reserve);
      firstWave = false;
      if (wave != WaveOutcome.MORE) {
        break;
      }
    }
    warmedUp = true;
    return tally.result();
  }

  private void housekeeping(RunContext context, BatchTally tally) {
    Instant now = context.now();
    String org = context.organizationId();
    lifecycle.activateDue(now, org).forEach(tally::transition);
    int timedOut = reaper.failTimedOut(now, org, HOUSEKEEPING_LIMIT).failed();
    failureCounter("timeout").increment(timedOut);
    tally.failed(timedOut);
    if (provider.isSimulated()) {
      simulatedCalls.endFinishedCalls(now, HOUSEKEEPING_LIMIT);
    }
    lifecycle.completeFinished(now, org).forEach(tally::transition);
  }

  private enum WaveOutcome {
    /** The wave claimed all there was: nothing more this tick. */
    DONE,
    /** There may be more to claim. */
    MORE,
    /** Sending had to stop (budget or provider down). */
    STOPPED
  }

  /**
   * The time kept at the end of the budget: the configured reserve (half as much again on a
   * process's first run, which pays for class loading and a cold JIT while it records and answers),
   * plus what recording and answering a report of this many campaigns costs (about 0.1 ms each,
   * measured with 10,000).
   */
  private Duration reserveFor(BatchTally tally) {
    Duration base = warmedUp ? reserve : reserve.multipliedBy(3).dividedBy(2);
    return base.plusNanos(tally.campaignCount() * REPORT_NANOS_PER_CAMPAIGN);
  }

  private WaveOutcome runWave(
      RunContext context, BatchTally tally, boolean firstWave, Duration reserve) {
    Instant now = context.now();
    List<Admission> plan = planner.plan(now, context.organizationId(), false, false);
    plan.forEach(tally::admission);
    List<ClaimedJob> jobs = new ArrayList<>();
    if (firstWave) {
      // Re-send what a crashed or timed-out run left unconfirmed, under the same keys.
      jobs.addAll(
          claimer
              .claimOrphans(context.runId(), now, context.organizationId(), waveSize)
              .toLaunch());
    }
    Claim claim = claimer.claimDue(plan, context.runId(), now, waveSize);
    tally.skipped(claim.skipped().size());
    jobs.addAll(claim.toLaunch());
    if (jobs.isEmpty()) {
      return claim.isEmpty() ? WaveOutcome.DONE : WaveOutcome.MORE;
    }
    boolean stopped = record(now, dispatcher.launchAll(jobs, context.deadline(), reserve), tally);
    if (stopped) {
      return WaveOutcome.STOPPED;
    }
    return mayHaveMore(plan, claim) ? WaveOutcome.MORE : WaveOutcome.DONE;
  }

  /**
   * Whether another wave could find work: the wave was full, or some campaign filled its share of
   * the wave (JobClaimer) while it still had room. A campaign that got less than its share had no
   * more due contacts; one that got its whole room is at a cap.
   */
  private boolean mayHaveMore(List<Admission> plan, Claim claim) {
    if (claim.size() >= waveSize) {
      return true;
    }
    List<Admission> launchable = plan.stream().filter(Admission::canLaunch).toList();
    if (launchable.isEmpty()) {
      return false;
    }
    int share = (waveSize + launchable.size() - 1) / launchable.size();
    Map<Long, Integer> claimed = new HashMap<>();
    claim.toLaunch().forEach(j -> claimed.merge(j.campaignId(), 1, Integer::sum));
    claim.skipped().forEach(j -> claimed.merge(j.campaignId(), 1, Integer::sum));
    return launchable.stream()
        .anyMatch(a -> a.room() > share && claimed.getOrDefault(a.campaignId(), 0) >= share);
  }

  /** Writes a wave's outcomes in batches; true when sending had to stop. */
  private boolean record(Instant now, List<Launch> launches, BatchTally tally) {
    List<Long> activeIds = new ArrayList<>();
    List<String> callIds = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    List<Long> unconfirmed = new ArrayList<>();
    Map<LaunchResult.NotSent.Why, Integer> notSent = new EnumMap<>(LaunchResult.NotSent.Why.class);
    for (Launch launch : launches) {
      ClaimedJob job = launch.job();
      LaunchResult result = launch.result();
      if (result instanceof LaunchResult.Accepted accepted) {
        activeIds.add(job.jobId());
        callIds.add(accepted.providerCallId());
        tally.launched(job.campaignId());
      } else if (result instanceof LaunchResult.Rejected rejected) {
        failures.add(new Failure(job.jobId(), "rejected", detailJson(rejected.detail()), false));
        tally.campaignError(
            job.campaignId(), "provider rejected the call (" + rejected.status() + ")");
      } else if (result instanceof LaunchResult.Unavailable unavailable) {
        failures.add(
            new Failure(
                job.jobId(), "provider_unavailable", detailJson(unavailable.detail()), true));
        tally.campaignError(job.campaignId(), "provider unavailable");
      } else if (result instanceof LaunchResult.Unconfirmed) {
        unconfirmed.add(job.jobId());
      } else if (result instanceof LaunchResult.NotSent notSentResult) {
        notSent.merge(notSentResult.why(), 1, Integer::sum);
      }
    }
    failures.forEach(f -> failureCounter(f.reason()).increment());
    if (!unconfirmed.isEmpty()) {
      failureCounter("unconfirmed").increment(unconfirmed.size());
    }
    notSent.forEach((why, count) -> failureCounter(why.kind()).increment(count));
    outcomes.markActive(now, activeIds, callIds);
    tally.failed(outcomes.fail(now, failures).failed());
    tally.failed(outcomes.markUnconfirmed(now, unconfirmed).failed());
    if (!unconfirmed.isEmpty()) {
      tally.runError(
          unconfirmed.size()
              + " launches got no answer in time; they stay queued and are re-sent under the"
              + " same key");
      tally.budgetExhausted();
    }
    notSent.forEach(
        (why, count) ->
            tally.runError(
                why.detail() + ": " + count + " launches left queued for the next tick"));
    if (notSent.containsKey(LaunchResult.NotSent.Why.BUDGET_SPENT)) {
      tally.budgetExhausted();
    }
    if (!notSent.isEmpty() || !unconfirmed.isEmpty()) {
      LOG.infof("wave stopped early: %d unconfirmed, not sent %s", unconfirmed.size(), notSent);
      return true;
    }
    return false;
  }

  private io.micrometer.core.instrument.Counter failureCounter(String kind) {
    return registry.counter("campaign_tick_launch_failures", "kind", kind);
  }

  private String detailJson(String detail) {
    return mapper.createObjectNode().put("detail", detail).toString();
  }
}
