package dev.campaigntick.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.campaigntick.config.TickConfig;
import dev.campaigntick.provider.CallProvider;
import dev.campaigntick.provider.LaunchRequest;
import dev.campaigntick.provider.LaunchResult;
import dev.campaigntick.tick.Deadline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends claimed jobs to the call provider, many in flight at once (CALL_PROVIDER_CONCURRENCY),
 * never past the deadline: no launch starts inside the reserve, and launches still in flight when
 * it begins are reported unconfirmed (they stay QUEUED and are re-sent under the same key). Holds
 * no database connection or transaction while calls are in flight.
 */
@ApplicationScoped
public class CallDispatcher {

  /** One job and what the provider said about it. */
  public record Launch(ClaimedJob job, LaunchResult result) {}

  private final CallProvider provider;
  private final ObjectMapper mapper;
  private final int concurrency;
  private final String callbackUrl;
  private final Timer latency;

  public CallDispatcher(
      CallProvider provider, ObjectMapper mapper, TickConfig config, MeterRegistry registry) {
    this.provider = provider;
    this.mapper = mapper;
    this.concurrency = config.callProviderConcurrency();
    this.callbackUrl = config.publicUrl().replaceAll("/+$", "") + "/api/calls/events";
    this.latency =
        Timer.builder("campaign_tick_provider_latency")
            .description("Time from sending a launch to the provider's answer")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Launches every job that fits before {@code deadline} leaves only {@code reserve}. */
  public List<Launch> launchAll(List<ClaimedJob> jobs, Deadline deadline, Duration reserve) {
    Semaphore permits = new Semaphore(concurrency);
    List<CompletableFuture<LaunchResult>> pending = new ArrayList<>(jobs.size());
    LaunchResult.NotSent stopped = null;
    for (ClaimedJob job : jobs) {
      if (stopped == null && !acquire(permits, deadline, reserve)) {
        stopped = new LaunchResult.NotSent(LaunchResult.NotSent.Why.BUDGET_SPENT);
      }
      if (stopped != null) {
        pending.add(CompletableFuture.completedFuture(stopped));
        continue;
      }
      long started = System.nanoTime();
      CompletableFuture<LaunchResult> future =
          provider
              .launch(requestFor(job))
              .toCompletableFuture()
              .whenComplete(
                  (result, error) -> {
                    permits.release();
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                  });
      pending.add(future);
      if (future.getNow(null) instanceof LaunchResult.NotSent notSent) {
        // The circuit is open: stop sending instead of burning the budget.
        stopped = notSent;
      }
    }
    return collect(jobs, pending, deadline, reserve);
  }

  private static boolean acquire(Semaphore permits, Deadline deadline, Duration reserve) {
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

  private static List<Launch> collect(
      List<ClaimedJob> jobs,
      List<CompletableFuture<LaunchResult>> pending,
      Deadline deadline,
      Duration reserve) {
    List<Launch> launches = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      launches.add(new Launch(jobs.get(i), await(pending.get(i), deadline, reserve)));
    }
    return launches;
  }

  private static LaunchResult await(
      CompletableFuture<LaunchResult> future, Deadline deadline, Duration reserve) {
    try {
      long waitMs = Math.max(0, deadline.remaining().minus(reserve).toMillis());
      return future.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new LaunchResult.Unconfirmed("no answer before the tick's budget ran out");
    } catch (ExecutionException e) {
      return new LaunchResult.Unavailable("launch failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new LaunchResult.Unconfirmed("interrupted");
    }
  }

  private LaunchRequest requestFor(ClaimedJob job) {
    return new LaunchRequest(
        job.jobId(),
        job.queueJobId(),
        job.campaignId(),
        job.organizationId(),
        new LaunchRequest.Contact(job.phone(), job.name(), parse(job.attributesJson())),
        parse(job.agentJson()),
        callbackUrl);
  }

  private JsonNode parse(String json) {
    if (json == null) {
      return NullNode.getInstance();
    }
    try {
      return mapper.readTree(json);
    } catch (Exception e) {
      return NullNode.getInstance();
    }
  }
}
