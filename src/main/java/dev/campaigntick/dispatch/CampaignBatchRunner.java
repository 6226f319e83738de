package dev.campaigntick.dispatch;

import dev.campaigntick.campaign.CampaignLifecycle;
import dev.campaigntick.config.TickConfig;
import dev.campaigntick.dispatch.JobClaimer.Claim;
import dev.campaigntick.provider.CallProvider;
import dev.campaigntick.provider.LaunchResult;
import dev.campaigntick.tick.BatchResult;
import dev.campaigntick.tick.CampaignBatch;
import dev.campaigntick.tick.Deadline;
import dev.campaigntick.tick.RunContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The campaign batch of DESIGN.md: housekeeping, then waves of admit → claim → launch → write
 * outcomes until the work or the budget runs out. The waves overlap (the next is claimed while the
 * current one is sent, outcomes are written as answers come), so the provider pipe stays full. The
 * number of statements per wave is fixed, whatever the number of campaigns.
 */
@ApplicationScoped
public class CampaignBatchRunner implements CampaignBatch {

  private static final Logger LOG = Logger.getLogger(CampaignBatchRunner.class);

  /** The least time a wave needs to be worth starting (claim, a few launches, writes). */
  private static final Duration MIN_WAVE_TIME = Duration.ofMillis(200);

  /**
   * Time the report of one campaign costs to record, serialize and send: with 10,000 campaigns the
   * tick answered 44 ms after its outcomes were written (about 5 us each); four times that.
   */
  private static final long REPORT_NANOS_PER_CAMPAIGN = 20_000;

  /**
   * A run's first wave holds this many rounds of launches in flight (or one contact of each
   * admitted campaign, if more), and each next wave up to this many times the last: the pipe fills
   * after a small claim instead of after a full wave's, and each claim still ends before what is
   * queued runs out.
   */
  private static final int RAMP = 4;

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
  private final MeterRegistry registry;
  private final Duration reserve;
  private final int waveSize;
  private final int concurrency;

  /** Writes outcomes while the run sends (one thread per run). */
  private final ExecutorService background =
      Executors.newCachedThreadPool(
          work -> {
            Thread thread = new Thread(work, "campaign-batch");
            thread.setDaemon(true);
            return thread;
          });

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
    this.registry = registry;
    this.reserve = Duration.ofMillis(config.tickReserveMs());
    this.waveSize = config.claimWaveSize();
    this.concurrency = config.callProviderConcurrency();
  }

  @Override
  public BatchResult run(RunContext context) {
    BatchTally tally = new BatchTally();
    Deadline deadline = context.deadline();
    housekeeping(context, tally);
    Timings timings = new Timings(deadline.elapsed().toMillis());
    OutcomeRecorder recorder =
        new OutcomeRecorder(outcomes, tally, registry, context.now(), background);
    CallDispatcher.Session sending =
        dispatcher.open(recorder::accept, deadline, () -> reserveFor(tally));
    RuntimeException failure = null;
    try {
      feed(context, tally, sending, recorder, timings);
      sending.awaitQueuedAtMost(0, recorder::failed);
    } catch (RuntimeException e) {
      failure = e;
    }
    int unsent = sending.close();
    long sendingEnded = deadline.elapsed().toMillis();
    if (unsent > 0) {
      // The recorder reports them, and marks the budget exhausted unless the circuit stopped them.
      LaunchResult.NotSent.Why why = sending.stopped();
      recorder.notSent(why != null ? why : LaunchResult.NotSent.Why.BUDGET_SPENT, unsent);
    }
    // Launches in flight are answered before the reserve, which is for writing and answering.
    Duration reserve = reserveFor(tally);
    sending.finish(reserve);
    long answered = deadline.elapsed().toMillis();
    try {
      recorder.close();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    LOG.logf(
        tally.isBudgetExhausted() ? Logger.Level.INFO : Logger.Level.DEBUG,
        "batch timing: housekeeping done at %d ms, %d unconfirmed queued at %d ms, first wave (%d"
            + " jobs) claimed at %d ms, %d waves (longest claim %d ms, then %s); %d launches"
            + " answered in %.1f ms on average; sending ended at %d ms, last answer at %d ms,"
            + " outcomes written at %d ms (budget %d ms, reserve %d ms)",
        timings.housekeepingDone,
        timings.orphans,
        timings.orphansQueued,
        timings.firstWaveJobs,
        timings.firstWaveClaimed,
        timings.waves,
        timings.longestClaim.toMillis(),
        timings.ended,
        sending.sent(),
        sending.averageAnswer().toNanos() / 1e6,
        sendingEnded,
        answered,
        deadline.elapsed().toMillis(),
        deadline.elapsed().plus(deadline.remaining()).toMillis(),
        reserve.toMillis());
    warmedUp = true;
    return tally.result();
  }

  /**
   * Claims wave after wave into one sending session. What earlier runs claimed and never confirmed
   * goes out first, while the first wave is planned and claimed. Waves grow from a few rounds of
   * launches to the full size ({@link #RAMP}), so sending starts soon after housekeeping. The next
   * wave is claimed while the current one goes out ({@link #claimAhead}), so launches need not wait
   * for a claim. A wave claims no more than the session can still send at its pace, so little is
   * claimed only to be left for the next run.
   */
  private void feed(
      RunContext context,
      BatchTally tally,
      CallDispatcher.Session sending,
      OutcomeRecorder recorder,
      Timings timings) {
    if (!timeForWave(context, tally, timings)) {
      tally.budgetExhausted();
      timings.ended = "no time for a claim";
      return;
    }
    // What a crashed, timed-out or budget-stopped run left unconfirmed, re-sent under its keys.
    Claim orphans =
        claimer.claimOrphans(context.runId(), context.now(), context.organizationId(), waveSize);
    sending.submit(orphans.toLaunch());
    tally.skipped(orphans.skipped().size());
    timings.orphans(orphans.toLaunch().size(), context.deadline().elapsed().toMillis());
    int ramp = Math.min(waveSize, RAMP * concurrency);
    Wave wave = take(claimWave(context, ramp, Integer.MAX_VALUE, null, timings), tally);
    timings.firstWave(wave.jobs().size(), context.deadline().elapsed().toMillis());
    sending.restartPace(); // the pipe fills from here; before, it had only the re-sends
    while (true) {
      sending.submit(wave.jobs());
      if (wave.next().isEmpty()) {
        timings.ended = "no more due contacts with room";
        return;
      }
      Wave current = wave;
      if (!sending.awaitQueuedAtMost(
          () -> claimAhead(current, sending, timings), recorder::failed)) {
        timings.ended = "sending stopped"; // budget, open circuit or a failed write
        return;
      }
      int expected = sending.expectedSends(waveSize) - sending.queued();
      if (!timeForWave(context, tally, timings) || expected <= 0) {
        tally.budgetExhausted();
        timings.ended =
            expected <= 0 ? "what is queued fills the time left" : "no time for a claim";
        return;
      }
      // From what the last wave claimed: one of each admitted campaign may be more than the ramp.
      ramp = (int) Math.min(waveSize, (long) Math.max(ramp, wave.claim().size()) * RAMP);
      int sendable = (int) Math.min(Integer.MAX_VALUE, expected * 5L / 4 + concurrency);
      wave = take(claimWave(context, ramp, sendable, wave.next(), timings), tally);
      timings.waves++;
    }
  }

  /**
   * How few queued launches the next wave's claim waits for: half the current wave, or more when
   * those would go out before a claim as long as this run's longest (and half as long again) ends,
   * so the pipe does not run dry while it claims. With 10,000 campaigns the first wave's admission
   * alone takes about 0.2 s, longer than four rounds of launches last at 50 ms each.
   */
  private static int claimAhead(Wave wave, CallDispatcher.Session sending, Timings timings) {
    Duration claim = timings.longestClaim.plus(timings.longestClaim.dividedBy(2));
    return Math.max(wave.jobs().size() / 2, sending.fullPipeSends(claim));
  }

  /** When a run's phases ended, for the batch timing log line (milliseconds into the run). */
  private static final class Timings {
    final long housekeepingDone;
    int orphans;
    long orphansQueued;
    int firstWaveJobs;
    long firstWaveClaimed;
    int waves;
    Duration longestClaim = Duration.ZERO;
    String ended;

    Timings(long housekeepingDone) {
      this.housekeepingDone = housekeepingDone;
    }

    void orphans(int jobs, long queuedAt) {
      orphans = jobs;
      orphansQueued = queuedAt;
    }

    void firstWave(int jobs, long claimedAt) {
      firstWaveJobs = jobs;
      firstWaveClaimed = claimedAt;
      waves = 1;
    }

    void claimed(Duration took) {
      if (took.compareTo(longestClaim) > 0) {
        longestClaim = took;
      }
    }
  }

  /**
   * Whether a wave can still be claimed: its claim must end before the reserve, and a claim takes
   * about as long as the longest one of this run (with 10,000 campaigns a second or more, so a wave
   * started 200 ms before the reserve would overrun the budget).
   */
  private boolean timeForWave(RunContext context, BatchTally tally, Timings timings) {
    Duration claim =
        timings.longestClaim.compareTo(MIN_WAVE_TIME) > 0 ? timings.longestClaim : MIN_WAVE_TIME;
    return context.deadline().hasLeft(reserveFor(tally).plus(claim));
  }

  private void housekeeping(RunContext context, BatchTally tally) {
    Instant now = context.now();
    String org = context.organizationId();
    lifecycle.activateDue(now, org).forEach(tally::transition);
    int timedOut = reaper.failTimedOut(now, org, HOUSEKEEPING_LIMIT).failed();
    OutcomeRecorder.failureCounter(registry, "timeout").increment(timedOut);
    tally.failed(timedOut);
    if (provider.isSimulated()) {
      simulatedCalls.endFinishedCalls(now, HOUSEKEEPING_LIMIT);
    }
    lifecycle.completeFinished(now, org).forEach(tally::transition);
  }

  /**
   * The time kept at the end of the budget: the configured reserve (half as much again on a
   * process's first run, which pays for class loading and a cold JIT while it records and answers),
   * plus what recording and answering a report of this many campaigns costs (about 20 us each,
   * measured with 10,000).
   */
  private Duration reserveFor(BatchTally tally) {
    // Asked before every launch: long arithmetic (Duration.dividedBy goes through BigDecimal).
    Duration base = warmedUp ? reserve : Duration.ofNanos(reserve.toNanos() * 3 / 2);
    return base.plusNanos(tally.campaignCount() * REPORT_NANOS_PER_CAMPAIGN);
  }

  /**
   * One wave: the run's admission (the first wave's; empty for the others), what it claimed, the
   * jobs to send, and the admitted campaigns that may still launch, in turn order, with the room
   * this run's claims left them ({@link #roomLeft}).
   */
  private record Wave(
      List<Admission> plan, Claim claim, List<ClaimedJob> jobs, List<Admission> next) {}

  /** Claims a wave and notes how long it took, for {@link #timeForWave}. */
  private Wave claimWave(
      RunContext context, int ramp, int sendable, List<Admission> turns, Timings timings) {
    long began = System.nanoTime();
    try {
      return claimWave(context, ramp, sendable, turns);
    } finally {
      timings.claimed(Duration.ofNanos(System.nanoTime() - began));
    }
  }

  /**
   * Claims a wave of about {@code limit} contacts: the {@code ramp}, or what the time left can send
   * ({@code sendable}, 125 % of the pace's estimate and a round) when that is less (the wave is
   * then cut by time). With more campaigns in turn than the wave holds, a claim over all of them
   * would lock a due contact in every one and keep only the wave's worth, always of the same
   * campaigns. A full wave therefore takes one from each (it may grow past the limit), and a
   * smaller one, still ramping up or cut short by the time left, takes one from each of the {@code
   * limit} campaigns whose turn it is ({@link JobClaimer#turnOrder}): a run with 10,000 campaigns
   * starts sending after a claim of a few hundred instead of 10,000.
   *
   * <p>A full wave's one of each campaign stops at what the time left can send ({@code sendable}):
   * with 10,000 campaigns at 50 ms a run's first full wave took 10,000 contacts when about 4,000
   * more could go out, and the next run began by claiming the other 5,000-6,000 again (0.2 s before
   * its first launch). The campaigns it does not reach keep their turn for the next wave.
   *
   * <p>Only the run's first wave plans ({@code turns} null): the admission of every campaign, one
   * statement whose cost grows with the campaigns and the calls in flight (about 0.1-0.2 s of the
   * database's time with 10,000 campaigns, or with 1,000 of 50 calls in flight each). Each later
   * wave takes its turns from the one before ({@link #roomLeft}): one run holds the lease, so no
   * other claim takes room meanwhile, its "now" does not move, so no calling window opens or closes
   * and no retry falls due, and the room it planned shrinks only by what its own claims took. What
   * happens meanwhile elsewhere waits for the next run: calls the provider ends (room freed), and a
   * campaign an operator resumes or whose cap changes. A campaign paused meanwhile is not claimed
   * from (the claim takes only running campaigns).
   */
  private Wave claimWave(RunContext context, int ramp, int sendable, List<Admission> turns) {
    Instant now = context.now();
    boolean cutByTime = sendable < ramp;
    int limit = cutByTime ? sendable : ramp;
    boolean small = cutByTime || limit < waveSize;
    List<Admission> plan =
        turns == null ? planner.plan(now, context.organizationId(), false, false) : List.of();
    List<Admission> inTurn = turns == null ? JobClaimer.turnOrder(plan) : turns;
    int most = small ? limit : sendable; // not cut by time: sendable >= limit
    boolean someCampaigns = inTurn.size() > most;
    int size = cutByTime || someCampaigns ? most : Math.max(limit, inTurn.size());
    List<Admission> taking = someCampaigns ? inTurn.subList(0, most) : inTurn;
    Claim claim = claimer.claimDue(taking, context.runId(), now, size);
    List<Admission> next = new ArrayList<>(inTurn.subList(taking.size(), inTurn.size()));
    next.addAll(roomLeft(taking, claim, size));
    return new Wave(plan, claim, claim.toLaunch(), next);
  }

  /** Adds a wave's admissions and skipped contacts to the report, in the order waves are sent. */
  private static Wave take(Wave wave, BatchTally tally) {
    wave.plan().forEach(tally::admission);
    tally.skipped(wave.claim().skipped().size());
    return wave;
  }

  /**
   * The campaigns a claim took from ({@code taken}, in turn order) that may find more in this run,
   * each with its room less the contacts the claim took. A do-not-call contact it skipped counts
   * too, as in the dry run's admission (GET /api/scheduler/preview counts the first room's worth of
   * due contacts, skipped ones included), so a run takes at most a campaign's room of its contacts
   * and the preview says what the tick does. Left out: a campaign whose room is used, and one that
   * found fewer due contacts than the claim asked of it, its room or its share of the wave ({@link
   * JobClaimer#claimDue}), so it has no more; unless the wave came back full, when its limit may
   * have cut that campaign's share.
   */
  private static List<Admission> roomLeft(List<Admission> taken, Claim claim, int size) {
    List<Admission> launchable = taken.stream().filter(Admission::canLaunch).toList();
    if (launchable.isEmpty()) {
      return List.of();
    }
    Map<Long, Integer> found = new HashMap<>();
    claim.toLaunch().forEach(job -> found.merge(job.campaignId(), 1, Integer::sum));
    claim.skipped().forEach(job -> found.merge(job.campaignId(), 1, Integer::sum));
    int share = (size + launchable.size() - 1) / launchable.size();
    boolean full = claim.size() >= size;
    List<Admission> left = new ArrayList<>();
    for (Admission admission : launchable) {
      int took = found.getOrDefault(admission.campaignId(), 0);
      boolean noMore = !full && took < Math.min(admission.room(), share);
      Admission rest = admission.lessClaimed(took);
      if (!noMore && rest.canLaunch()) {
        left.add(rest);
      }
    }
    return left;
  }
}
