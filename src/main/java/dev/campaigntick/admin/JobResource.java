package dev.campaigntick.admin;

import dev.campaigntick.dispatch.JobQueries;
import dev.campaigntick.dispatch.JobQueries.Job;
import dev.campaigntick.web.AdminSecured;
import dev.campaigntick.web.ApiDocumentation;
import dev.campaigntick.web.ApiException;
import dev.campaigntick.web.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Call jobs, newest first, with a keyset cursor. */
@Path("/api/jobs")
@AdminSecured
@SecurityRequirement(name = ApiDocumentation.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobResource {

  private final JobQueries jobs;

  public JobResource(JobQueries jobs) {
    this.jobs = jobs;
  }

  @GET
  @Operation(summary = "Jobs filtered by status, campaign or organization")
  public Page<Job> list(
      @QueryParam("status") String status,
      @QueryParam("campaignId") String campaignId,
      @QueryParam("organizationId") String organizationId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    String wanted = QueryParams.optional(status) == null ? null : status.toUpperCase(Locale.ROOT);
    if (wanted != null && !JobQueries.STATUSES.contains(wanted)) {
      throw ApiException.badRequest("status must be one of " + JobQueries.STATUSES);
    }
    int size = Page.limit(limit);
    return Page.of(
        jobs.find(
            wanted,
            Page.number("campaignId", campaignId),
            QueryParams.optional(organizationId),
            Page.after(cursor),
            size + 1),
        size,
        Job::id);
  }
}
