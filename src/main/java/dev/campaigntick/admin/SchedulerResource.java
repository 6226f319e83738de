package dev.campaigntick.admin;

import dev.campaigntick.config.TickConfig;
import dev.campaigntick.dispatch.BatchPreview;
import dev.campaigntick.dispatch.JobQueries;
import dev.campaigntick.tick.RunHistoryRepository;
import dev.campaigntick.tick.RunHistoryRepository.CronView;
import dev.campaigntick.tick.RunHistoryRepository.Run;
import dev.campaigntick.tick.TickReport;
import dev.campaigntick.time.TimeSource;
import dev.campaigntick.web.AdminSecured;
import dev.campaigntick.web.ApiDocumentation;
import dev.campaigntick.web.ApiException;
import dev.campaigntick.web.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What operators ask the scheduler: recent runs, its health, and the dry run. */
@Path("/api/scheduler")
@AdminSecured
@SecurityRequirement(name = ApiDocumentation.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "scheduler")
public class SchedulerResource {

  /** {@code GET /api/scheduler/health}: is the cron firing, and what is queued. */
  public record Health(
      boolean schedulerOnline,
      Instant lastRunAt,
      String lastRunStatus,
      String lastSkipReason,
      int intervalMinutes,
      long intervalSeconds,
      Instant nextRunDueAt,
      boolean automationEnabled,
      long missedTicks24h,
      Map<String, Long> jobCounts) {}

  private final RunHistoryRepository runs;
  private final JobQueries jobs;
  private final BatchPreview preview;
  private final TimeSource time;
  private final TickConfig config;

  public SchedulerResource(
      RunHistoryRepository runs,
      JobQueries jobs,
      BatchPreview preview,
      TimeSource time,
      TickConfig config) {
    this.runs = runs;
    this.jobs = jobs;
    this.preview = preview;
    this.time = time;
    this.config = config;
  }

  @GET
  @Path("/runs")
  @Operation(summary = "Recent runs, newest first, skipped ones included")
  public List<Run> runs(@QueryParam("limit") String limit) {
    return runs.recent(Page.limit(limit));
  }

  @GET
  @Path("/runs/{runId}")
  @Operation(summary = "One run: what it launched, failed and skipped, and its errors")
  public Run run(@PathParam("runId") long runId) {
    return runs.find(runId).orElseThrow(() -> ApiException.notFound("No run with id " + runId));
  }

  @GET
  @Path("/health")
  @Operation(summary = "Whether the cron is firing, missed ticks, job counts")
  public Health health() {
    Instant now = time.now();
    CronView cron = runs.cronView(now, config.cronInterval());
    Run last = cron.lastCronRun();
    Instant lastAt = last == null ? null : last.startedAt();
    boolean online =
        lastAt != null && !lastAt.isBefore(now.minus(config.cronInterval().multipliedBy(2)));
    return new Health(
        online,
        lastAt,
        last == null ? null : last.status().name(),
        last == null ? null : last.skipReason(),
        config.cronIntervalMinutes(),
        config.cronInterval().toSeconds(),
        cron.nextRunDueAt(now, config.cronInterval()),
        cron.automationEnabled(),
        cron.missedTicks24h(),
        jobs.countsByStatus());
  }

  @GET
  @Path("/preview")
  @Operation(summary = "Dry run: what a tick now would activate and launch, changing nothing")
  public TickReport preview(@QueryParam("organizationId") String organizationId) {
    return preview.preview(QueryParams.optional(organizationId));
  }
}
