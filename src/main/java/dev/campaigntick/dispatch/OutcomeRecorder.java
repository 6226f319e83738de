package dev.campaigntick.dispatch;

import dev.campaigntick.db.Sql;
import dev.campaigntick.dispatch.CallDispatcher.Launch;
import dev.campaigntick.dispatch.JobOutcomes.Failure;
import dev.campaigntick.provider.LaunchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes a run's launch outcomes while it is still sending: answers queue up as they arrive and are
 * written in batches (at most {@link #BATCH} a statement, at least every {@link #INTERVAL}) on one
 * background thread, so writing never stalls the sending and the end of a run has only the last few
 * answers left to write. What was not sent, and what got no answer, is summed up for the report
 * when the recorder closes.
 */
final class OutcomeRecorder {

  private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);

  /** The most answers one write carries. */
  static final int BATCH = 2000;

  /** The longest an answer waits to be written. */
  static final Duration INTERVAL = Duration.ofMillis(200);

  /** Wakes the writer when the recorder closes; never written. */
  private static final Launch WAKE = new Launch(null, null);

  private final JobOutcomes outcomes;
  private final BatchTally tally;
  private final MeterRegistry registry;
  private final Instant now;
  private final BlockingQueue<Launch> answers = new LinkedBlockingQueue<>();
  private final Map<LaunchResult.NotSent.Why, Integer> notSent =
      new EnumMap<>(LaunchResult.NotSent.Why.class);
  private final CompletableFuture<Void> writer;
  private volatile boolean closing;
  private volatile RuntimeException failure;
  private int unconfirmed;

  /** Starts writing on {@code executor}; {@code now} is the run's time. */
  OutcomeRecorder(
      JobOutcomes outcomes,
      BatchTally tally,
      MeterRegistry registry,
      Instant now,
      Executor executor) {
    this.outcomes = outcomes;
    this.tally = tally;
    this.registry = registry;
    this.now = now;
    this.writer = CompletableFuture.runAsync(this::writeUntilClosed, executor);
  }

  /** Takes one launch's outcome, from any thread. */
  void accept(Launch launch) {
    answers.add(launch);
  }

  /** Counts jobs that were claimed but not sent; they stay QUEUED for the next run. */
  synchronized void notSent(LaunchResult.NotSent.Why why, int count) {
    if (count > 0) {
      notSent.merge(why, count, Integer::sum);
    }
  }

  /** Whether a write failed: sending more would only add answers that cannot be written. */
  boolean failed() {
    return failure != null;
  }

  /**
   * Writes what is left, then adds what was not sent or not answered to the report. Rethrows a
   * failed write: the run fails, and its unwritten jobs, still QUEUED, are re-sent under the same
   * keys by the next run.
   */
  void close() {
    closing = true;
    answers.add(WAKE);
    try {
      writer.join();
    } catch (CompletionException e) {
      failure = e.getCause() instanceof RuntimeException r ? r : e;
    }
    if (failure != null) {
      throw failure;
    }
    summarize();
  }

  private void writeUntilClosed() {
    List<Launch> batch = new ArrayList<>(BATCH);
    try {
      while (!closing || !answers.isEmpty()) {
        Launch first = answers.take();
        if (first == WAKE) {
          continue;
        }
        batch.add(first);
        long until = System.nanoTime() + INTERVAL.toNanos();
        while (batch.size() < BATCH && !closing) {
          Launch next = answers.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null || next == WAKE) {
            break;
          }
          batch.add(next);
        }
        answers.drainTo(batch, BATCH - batch.size());
        batch.removeIf(launch -> launch == WAKE);
        write(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
      LOG.errorf("writing launch outcomes failed: %s", e.getMessage());
    }
  }

  /** One batch of answers: at most three statements, whatever the number of campaigns. */
  private void write(List<Launch> batch) {
    List<Long> activeIds = new ArrayList<>();
    List<String> callIds = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    List<Long> unanswered = new ArrayList<>();
    for (Launch launch : batch) {
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
        unanswered.add(job.jobId());
      } else if (result instanceof LaunchResult.NotSent notSentResult) {
        notSent(notSentResult.why(), 1);
      }
    }
    failures.forEach(f -> failureCounter(f.reason()).increment());
    outcomes.markActive(now, activeIds, callIds);
    tally.failed(outcomes.fail(now, failures).failed());
    if (!unanswered.isEmpty()) {
      failureCounter("unconfirmed").increment(unanswered.size());
      tally.failed(outcomes.markUnconfirmed(now, unanswered).failed());
      synchronized (this) {
        unconfirmed += unanswered.size();
      }
    }
  }

  private synchronized void summarize() {
    if (unconfirmed > 0) {
      tally.runError(
          unconfirmed
              + " launches got no answer in time; they stay queued and are re-sent under the"
              + " same key");
      tally.budgetExhausted();
    }
    notSent.forEach(
        (why, count) -> {
          failureCounter(why.kind()).increment(count);
          tally.runError(why.detail() + ": " + count + " launches left queued for the next tick");
        });
    if (notSent.containsKey(LaunchResult.NotSent.Why.BUDGET_SPENT)) {
      tally.budgetExhausted();
    }
    if (!notSent.isEmpty() || unconfirmed > 0) {
      LOG.infof("sending stopped early: %d unconfirmed, not sent %s", unconfirmed, notSent);
    }
  }

  private Counter failureCounter(String kind) {
    return failureCounter(registry, kind);
  }

  /** The launch-failure metric of one kind; the batch counts its timeouts on it too. */
  static Counter failureCounter(MeterRegistry registry, String kind) {
    return registry.counter("campaign_tick_launch_failures", "kind", kind);
  }

  private String detailJson(String detail) {
    return Sql.jsonObject("detail", detail);
  }
}
