package dev.campaigntick.dashboard;

import dev.campaigntick.admin.AutomationResource;
import dev.campaigntick.admin.AutomationResource.Automation;
import dev.campaigntick.admin.CampaignResource;
import dev.campaigntick.admin.JobResource;
import dev.campaigntick.admin.Page;
import dev.campaigntick.admin.SchedulerResource;
import dev.campaigntick.admin.SchedulerResource.Health;
import dev.campaigntick.campaign.Campaign;
import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.dispatch.JobQueries;
import dev.campaigntick.dispatch.JobQueries.Job;
import dev.campaigntick.tick.RunHistoryRepository.Run;
import dev.campaigntick.tick.TickReport;
import dev.campaigntick.tick.TickReport.CampaignReport;
import dev.campaigntick.tick.TickResource;
import dev.campaigntick.time.TimeSource;
import dev.campaigntick.web.ApiException;
import dev.campaigntick.web.QueryParams;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The operator dashboard: server-rendered pages over the admin API's own operations (the same
 * resource methods answer here as over JSON, so the numbers cannot disagree). Reads are GETs; every
 * change is a POSTed form carrying the session's CSRF token, answered by a redirect.
 */
@Path("/dashboard")
@DashboardSecured
@DashboardPage
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

  private static final Logger LOG = Logger.getLogger(DashboardResource.class);

  /** How many runs the overview lists; the runs page shows up to the API's maximum. */
  static final int OVERVIEW_RUNS = 8;

  static final int RUNS_PAGE = 200;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance overview(
        Health health, Instant now, List<Run> runs, Run result, String csrf);

    static native TemplateInstance runs(List<Run> runs, RunChart chart, String csrf);

    static native TemplateInstance campaigns(
        Page<Campaign> page,
        String status,
        String organizationId,
        List<String> statuses,
        String csrf);

    static native TemplateInstance campaign(
        Campaign campaign,
        Page<Job> jobs,
        String jobStatus,
        List<String> jobStatuses,
        CampaignReport next,
        String csrf);

    static native TemplateInstance error(int status, String message, String csrf);
  }

  private final SchedulerResource scheduler;
  private final TickResource ticks;
  private final AutomationResource automation;
  private final CampaignResource campaigns;
  private final JobResource jobs;
  private final TimeSource time;
  private final CurrentSession session;

  public DashboardResource(
      SchedulerResource scheduler,
      TickResource ticks,
      AutomationResource automation,
      CampaignResource campaigns,
      JobResource jobs,
      TimeSource time,
      CurrentSession session) {
    this.scheduler = scheduler;
    this.ticks = ticks;
    this.automation = automation;
    this.campaigns = campaigns;
    this.jobs = jobs;
    this.time = time;
    this.session = session;
  }

  @GET
  public TemplateInstance overview(@QueryParam("run") String run) {
    Long runId = Page.number("run", run);
    Run result = runId == null ? null : scheduler.run(runId);
    return Templates.overview(
        scheduler.health(),
        time.now(),
        scheduler.runs(String.valueOf(OVERVIEW_RUNS)),
        result,
        session.csrfToken());
  }

  @POST
  @Path("/run")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response runNow(
      @FormParam("csrf") String csrf, @FormParam("organizationId") String organizationId) {
    session.requireCsrf(csrf);
    TickReport report = ticks.runNow(organizationId, null);
    LOG.infof("dashboard: manual run %s -> %s", report.runId(), report.status());
    return redirect("/dashboard?run=" + report.runId());
  }

  @POST
  @Path("/automation")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response automation(@FormParam("csrf") String csrf, @FormParam("enabled") String enabled) {
    session.requireCsrf(csrf);
    if (!"true".equals(enabled) && !"false".equals(enabled)) {
      throw ApiException.badRequest("enabled must be true or false");
    }
    automation.put(new Automation(Boolean.valueOf(enabled)));
    return redirect("/dashboard");
  }

  @GET
  @Path("/runs")
  public TemplateInstance runs(@QueryParam("hours") String hours) {
    Long window = Page.number("hours", hours);
    window = window == null ? 6 : window;
    if (window < 1 || window > 168) {
      throw ApiException.badRequest("hours must be between 1 and 168");
    }
    List<Run> recent = scheduler.runs(String.valueOf(RUNS_PAGE));
    Instant now = time.now();
    RunChart chart = RunChart.of(recent, now.minus(Duration.ofHours(window)), now);
    return Templates.runs(recent, chart, session.csrfToken());
  }

  @GET
  @Path("/campaigns")
  public TemplateInstance campaigns(
      @QueryParam("status") String status,
      @QueryParam("organizationId") String organizationId,
      @QueryParam("cursor") String cursor) {
    Page<Campaign> page = campaigns.list(organizationId, status, "25", cursor);
    return Templates.campaigns(
        page,
        QueryParams.optional(status),
        QueryParams.optional(organizationId),
        CampaignResource.STATUSES.stream().sorted().toList(),
        session.csrfToken());
  }

  @GET
  @Path("/campaigns/{id}")
  public TemplateInstance campaign(
      @PathParam("id") long id,
      @QueryParam("status") String status,
      @QueryParam("cursor") String cursor) {
    Campaign campaign = campaigns.get(id);
    Page<Job> page = jobs.list(status, String.valueOf(id), null, "25", cursor);
    CampaignReport next =
        scheduler.preview(campaign.organizationId()).campaigns().stream()
            .filter(report -> report.campaignId() == id)
            .findFirst()
            .orElse(null);
    return Templates.campaign(
        campaign,
        page,
        QueryParams.optional(status),
        JobQueries.STATUSES,
        next,
        session.csrfToken());
  }

  @POST
  @Path("/campaigns/{id}/{action}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response campaignAction(
      @PathParam("id") long id,
      @PathParam("action") String action,
      @FormParam("csrf") String csrf) {
    session.requireCsrf(csrf);
    switch (action) {
      case "pause" -> campaigns.pause(id);
      case "resume" -> campaigns.resume(id);
      case "cancel" -> campaigns.cancel(id);
      default -> throw ApiException.notFound("No campaign action '" + action + "'");
    }
    LOG.infof("dashboard: campaign %d %s", id, action);
    return redirect("/dashboard/campaigns/" + id);
  }

  @POST
  @Path("/sign-out")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signOut(
      @FormParam("csrf") String csrf, @Context HttpHeaders headers, @Context UriInfo uri) {
    session.requireCsrf(csrf);
    return Response.seeOther(URI.create(SignInResource.PATH))
        .cookie(SignInResource.sessionCookie("", 0, headers, uri))
        .build();
  }

  /** Errors of the API operations, as a page rather than JSON. */
  @ServerExceptionMapper
  public Response apiError(ApiException e) {
    return errorPage(e.status(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response databaseError(DatabaseUnavailableException e) {
    return errorPage(503, "The database is unavailable; try again shortly.");
  }

  private Response errorPage(int status, String message) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE)
        .entity(Templates.error(status, message, session.csrfToken()))
        .build();
  }

  private static Response redirect(String path) {
    return Response.seeOther(URI.create(path)).build();
  }
}
