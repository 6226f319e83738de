package dev.campaigntick.dispatch;

import dev.campaigntick.config.TickConfig;
import dev.campaigntick.provider.CallProvider;
import dev.campaigntick.provider.LaunchRequest;
import dev.campaigntick.provider.LaunchResult;
import dev.campaigntick.tick.Deadline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends claimed jobs to the call provider, many in flight at once (CALL_PROVIDER_CONCURRENCY): a
 * launch starts as soon as one in flight is answered, whichever wave it belongs to, so the pipe
 * never drains between waves. Never past the deadline: no launch starts inside the reserve, and a
 * launch still unanswered when waiting ends is reported unconfirmed (it stays QUEUED and is re-sent
 * under the same key). Every launch's outcome is handed on exactly once. Holds no database
 * connection.
 */
@ApplicationScoped
public class CallDispatcher {

  /** One job and what the provider said about it. */
  public record Launch(ClaimedJob job, LaunchResult result) {}

  private final CallProvider provider;
  private final int concurrency;
  private final Duration timeout;
  private final String callbackUrl;
  private final Timer latency;

  public CallDispatcher(CallProvider provider, TickConfig config, MeterRegistry registry) {
    this.provider = provider;
    this.concurrency = config.callProviderConcurrency();
    this.timeout = Duration.ofMillis(config.callProviderTimeoutMs());
    this.callbackUrl = config.publicUrl().replaceAll("/+$", "") + "/api/calls/events";
    this.latency =
        Timer.builder("campaign_tick_provider_latency")
            .description("Time from sending a launch to the provider's answer")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Starts a run's sending; every outcome goes to {@code outcomes}, on whichever thread. */
  public Session open(Consumer<Launch> outcomes) {
    return new Session(outcomes);
  }

  /** The sending of one run. {@link #send} is called from one thread. */
  public final class Session {

    private final Semaphore permits = new Semaphore(concurrency);
    private final Set<CompletableFuture<LaunchResult>> inFlight = ConcurrentHashMap.newKeySet();
    private final Consumer<Launch> outcomes;
    private volatile LaunchResult.NotSent.Why stopped;
    private final AtomicLong answeredCount = new AtomicLong();
    private final AtomicLong answeredNanos = new AtomicLong();
    private long firstSendNanos;
    private int sent;

    private Session(Consumer<Launch> outcomes) {
      this.outcomes = outcomes;
    }

    /**
     * How many launches can still start before the {@code reserve}, at the pace this session has
     * kept so far; {@code fallback} before it has a pace (fewer than one round of launches sent).
     */
    public int expectedSends(Deadline deadline, Duration reserve, int fallback) {
      long elapsed = System.nanoTime() - firstSendNanos;
      if (sent < concurrency || elapsed <= 0) {
        return fallback;
      }
      double perNano = (double) sent / elapsed;
      long left = deadline.remaining().minus(reserve).toNanos();
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, perNano * left));
    }

    /**
     * Sends {@code job} once a launch in flight makes room, unless that would start inside the
     * {@code reserve}; false when the job was not sent because sending has stopped (see {@link
     * #stopped()}).
     */
    public boolean send(ClaimedJob job, Deadline deadline, Duration reserve) {
      if (stopped != null) {
        return false;
      }
      if (!acquire(deadline, reserve)) {
        stopped = LaunchResult.NotSent.Why.BUDGET_SPENT;
        return false;
      }
      CompletableFuture<LaunchResult> answer = new CompletableFuture<>();
      inFlight.add(answer);
      long started = System.nanoTime();
      if (sent++ == 0) {
        firstSendNanos = started;
      }
      answer.thenAccept(
          result -> {
            long took = System.nanoTime() - started;
            latency.record(took, TimeUnit.NANOSECONDS);
            answeredNanos.addAndGet(took);
            answeredCount.incrementAndGet();
            if (result instanceof LaunchResult.NotSent notSent) {
              stopped = notSent.why(); // the circuit is open: stop instead of burning the budget
            }
            // Handed on before its permit returns, so finish() never returns ahead of it.
            outcomes.accept(new Launch(job, result));
            inFlight.remove(answer);
            permits.release();
          });
      provider
          .launch(requestFor(job))
          .whenComplete(
              (result, error) ->
                  answer.complete(
                      result != null
                          ? result
                          : new LaunchResult.Unavailable("launch failed: " + error)));
      return true;
    }

    /**
     * How long before the reserve sending must stop so that the launches in flight are answered
     * before it: one and a half times this session's average answer time, at most the provider
     * timeout (zero before the first answer).
     */
    public Duration drainTime() {
      long count = answeredCount.get();
      if (count == 0) {
        return Duration.ZERO;
      }
      Duration drain = Duration.ofNanos(answeredNanos.get() / count * 3 / 2);
      return drain.compareTo(timeout) > 0 ? timeout : drain;
    }

    /** Why sending stopped, or null while it goes on. */
    public LaunchResult.NotSent.Why stopped() {
      return stopped;
    }

    /**
     * Waits for the launches in flight while more than {@code keep} of the budget is left; those
     * still unanswered then are unconfirmed.
     */
    public void finish(Deadline deadline, Duration keep) {
      long waitMs = deadline.remaining().minus(keep).toMillis();
      try {
        if (waitMs > 0 && permits.tryAcquire(concurrency, waitMs, TimeUnit.MILLISECONDS)) {
          permits.release(concurrency);
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (CompletableFuture<LaunchResult> answer : List.copyOf(inFlight)) {
        answer.complete(new LaunchResult.Unconfirmed("no answer before the tick's budget ran out"));
      }
    }

    private boolean acquire(Deadline deadline, Duration reserve) {
      long waitMs = deadline.remaining().minus(reserve).toMillis();
      if (waitMs <= 0) {
        return false;
      }
      try {
        return permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private LaunchRequest requestFor(ClaimedJob job) {
    return new LaunchRequest(
        job.jobId(),
        job.queueJobId(),
        job.campaignId(),
        job.organizationId(),
        job.phone(),
        job.name(),
        job.attributesJson(),
        job.agentJson(),
        callbackUrl);
  }
}
