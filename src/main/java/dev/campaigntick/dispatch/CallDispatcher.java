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
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

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

  /** How often a waiting run looks at the sending again. */
  private static final long WAIT_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

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

  /**
   * Starts a run's sending; every outcome goes to {@code outcomes}, on whichever thread. No launch
   * starts once {@code deadline} has less left than {@code reserve} (asked before each launch) plus
   * the {@link Session#drainTime() drain time} of the launches in flight.
   */
  public Session open(Consumer<Launch> outcomes, Deadline deadline, Supplier<Duration> reserve) {
    return new Session(outcomes, deadline, reserve);
  }

  /**
   * The sending of one run. Submitted jobs wait in a queue; whenever a launch in flight is
   * answered, the thread that took the answer (an event loop, for the HTTP provider) starts the
   * next one, so the pipe stays full without a thread handing each launch over.
   */
  public final class Session {

    private static final ThreadLocal<Boolean> PUMPING = new ThreadLocal<>();

    private final Consumer<Launch> outcomes;
    private final Deadline deadline;
    private final Supplier<Duration> reserve;
    private final Queue<ClaimedJob> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final Set<CompletableFuture<LaunchResult>> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong answeredCount = new AtomicLong();
    private final AtomicLong answeredNanos = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile long paceSinceNanos;
    private volatile long paceSinceSent;
    private volatile LaunchResult.NotSent.Why stopped;
    private volatile boolean closed;

    private Session(Consumer<Launch> outcomes, Deadline deadline, Supplier<Duration> reserve) {
      this.outcomes = outcomes;
      this.deadline = deadline;
      this.reserve = reserve;
    }

    /** Queues jobs to send; sending starts at once, up to the concurrency. */
    public void submit(List<ClaimedJob> jobs) {
      queue.addAll(jobs);
      queued.addAndGet(jobs.size());
      pump();
    }

    /** Jobs submitted and not sent yet. */
    public int queued() {
      return queued.get();
    }

    /**
     * Waits until at most {@code count} jobs wait to be sent, or sending stopped, or {@code giveUp}
     * says so; true when the queue got that short.
     */
    public boolean awaitQueuedAtMost(int count, BooleanSupplier giveUp) {
      return awaitQueuedAtMost(() -> count, giveUp);
    }

    /** As {@link #awaitQueuedAtMost(int, BooleanSupplier)}, the count asked again at each check. */
    public boolean awaitQueuedAtMost(IntSupplier count, BooleanSupplier giveUp) {
      while (queued.get() > count.getAsInt()) {
        if (stopped != null || giveUp.getAsBoolean()) {
          return false;
        }
        if (!deadline.hasLeft(sendingReserve())) {
          // Every launch in flight hangs, so no answer will start the next one: stop here.
          stop(LaunchResult.NotSent.Why.BUDGET_SPENT);
          return false;
        }
        LockSupport.parkNanos(WAIT_STEP_NANOS);
      }
      return true;
    }

    /**
     * Stops sending: what is still queued is not sent (it stays QUEUED for the next run); returns
     * how many jobs that is.
     */
    public int close() {
      closed = true;
      int unsent = 0;
      while (queue.poll() != null) {
        unsent++;
      }
      queued.addAndGet(-unsent);
      return unsent;
    }

    /**
     * Measures the pace from now on: launches sent before, while the pipe was not yet full (a few
     * re-sends while the first wave was being claimed), would make it look slower than it is.
     */
    public void restartPace() {
      paceSinceSent = sent.get();
      paceSinceNanos = System.nanoTime();
    }

    /**
     * How many launches can still start before the reserve, at the pace this session has kept since
     * its first launch or {@link #restartPace()}; {@code fallback} before it has a pace (fewer than
     * one round of launches sent).
     */
    public int expectedSends(int fallback) {
      long count = sent.get() - paceSinceSent;
      long elapsed = System.nanoTime() - paceSinceNanos;
      if (count < concurrency || elapsed <= 0) {
        return fallback;
      }
      long left = deadline.remaining().minus(sendingReserve()).toNanos();
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (double) count / elapsed * left));
    }

    /**
     * How long before the reserve sending must stop so that the launches in flight are answered
     * before it: one and a half times this session's average answer time, at most the provider
     * timeout (zero before the first answer).
     */
    public Duration drainTime() {
      // Asked before every launch: long arithmetic (Duration.dividedBy goes through BigDecimal).
      long drain = averageAnswer().toNanos() * 3 / 2;
      return Duration.ofNanos(Math.min(drain, timeout.toNanos()));
    }

    /**
     * How many launches a full pipe sends within {@code time}: the concurrency per average answer
     * time (zero before the first answer). Above the real pace when launches wait for the CPU
     * rather than for the provider.
     */
    public int fullPipeSends(Duration time) {
      long answer = averageAnswer().toNanos();
      return answer == 0
          ? 0
          : (int) Math.min(Integer.MAX_VALUE, (double) concurrency * time.toNanos() / answer);
    }

    /** The average time from sending a launch to its answer so far (zero before the first). */
    public Duration averageAnswer() {
      long count = answeredCount.get();
      return count == 0 ? Duration.ZERO : Duration.ofNanos(answeredNanos.get() / count);
    }

    /** Launches sent so far. */
    public long sent() {
      return sent.get();
    }

    /** Why sending stopped, or null while it goes on. */
    public LaunchResult.NotSent.Why stopped() {
      return stopped;
    }

    /**
     * Waits for the launches in flight while more than {@code keep} of the budget is left; those
     * still unanswered then are unconfirmed. Call after {@link #close()}.
     */
    public void finish(Duration keep) {
      while (active.get() > 0 && deadline.hasLeft(keep)) {
        LockSupport.parkNanos(WAIT_STEP_NANOS);
      }
      for (CompletableFuture<LaunchResult> answer : List.copyOf(inFlight)) {
        answer.complete(new LaunchResult.Unconfirmed("no answer before the tick's budget ran out"));
      }
    }

    private Duration sendingReserve() {
      return reserve.get().plus(drainTime());
    }

    private void stop(LaunchResult.NotSent.Why why) {
      if (stopped == null) {
        stopped = why;
      }
    }

    /**
     * Starts launches while there is room, work and time. A launch answered at once (the simulated
     * provider, an open circuit) re-enters here on the same thread; the outer loop carries on
     * instead of recursing.
     */
    private void pump() {
      if (PUMPING.get() != null) {
        return;
      }
      PUMPING.set(Boolean.TRUE);
      try {
        while (!closed && stopped == null && !queue.isEmpty()) {
          int running = active.get();
          if (running >= concurrency) {
            return;
          }
          if (!deadline.hasLeft(sendingReserve())) {
            stop(LaunchResult.NotSent.Why.BUDGET_SPENT);
            return;
          }
          if (!active.compareAndSet(running, running + 1)) {
            continue;
          }
          ClaimedJob job = queue.poll();
          if (job == null) {
            active.decrementAndGet();
            continue;
          }
          queued.decrementAndGet();
          launch(job);
        }
      } finally {
        PUMPING.remove();
      }
    }

    private void launch(ClaimedJob job) {
      long started = System.nanoTime();
      if (sent.getAndIncrement() == 0 && paceSinceNanos == 0) {
        paceSinceNanos = started;
      }
      CompletableFuture<LaunchResult> answer = new CompletableFuture<>();
      inFlight.add(answer);
      answer.thenAccept(
          result -> {
            long took = System.nanoTime() - started;
            latency.record(took, TimeUnit.NANOSECONDS);
            answeredNanos.addAndGet(took);
            answeredCount.incrementAndGet();
            if (result instanceof LaunchResult.NotSent notSent) {
              stop(notSent.why()); // the circuit is open: stop instead of burning the budget
            }
            // Handed on before the launch stops counting, so finish() never returns ahead of it.
            outcomes.accept(new Launch(job, result));
            inFlight.remove(answer);
            active.decrementAndGet();
            pump();
          });
      provider
          .launch(requestFor(job))
          .whenComplete(
              (result, error) ->
                  answer.complete(
                      result != null
                          ? result
                          : new LaunchResult.Unavailable("launch failed: " + error)));
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
