package dev.campaigntick.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Prometheus gauges of jobs by status. Counting is a scan of the jobs table, so a scrape reuses a
 * count younger than {@link #MAX_AGE} instead of querying every time.
 */
@Startup
@ApplicationScoped
public class JobStatusGauges {

  private static final Logger LOG = Logger.getLogger(JobStatusGauges.class);
  static final Duration MAX_AGE = Duration.ofSeconds(30);

  private final JobQueries jobs;
  private volatile Map<String, Long> counts = Map.of();
  private volatile long countedAtNanos;

  public JobStatusGauges(JobQueries jobs, MeterRegistry registry) {
    this.jobs = jobs;
    for (String status : JobQueries.STATUSES) {
      Gauge.builder("campaign_tick_jobs", this, g -> g.count(status))
          .description("Call jobs by status (refreshed at most every 30 s)")
          .tag("status", status)
          .register(registry);
    }
  }

  private synchronized double count(String status) {
    long now = System.nanoTime();
    if (counts.isEmpty() || now - countedAtNanos > MAX_AGE.toNanos()) {
      try {
        counts = jobs.countsByStatus();
        countedAtNanos = now;
      } catch (RuntimeException e) {
        LOG.debugf("job counts unavailable: %s", e.getMessage());
      }
    }
    return counts.getOrDefault(status, 0L);
  }
}
