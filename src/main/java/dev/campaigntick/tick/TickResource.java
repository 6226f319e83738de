package dev.campaigntick.tick;

import dev.campaigntick.web.AdminSecured;
import dev.campaigntick.web.ApiDocumentation;
import dev.campaigntick.web.CronSecured;
import dev.campaigntick.web.QueryParams;
import dev.campaigntick.web.RequestArrival;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP only: the cron's tick and the operator's manual run. */
@Path("/api/scheduler")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "scheduler")
public class TickResource {

  private static final String SUMMARY = "summary";
  private static final String SUMMARY_DOC =
      "true: leave the per-campaign list out of the answer (totals and errors stay)";

  private final TickService ticks;
  private final RequestArrival arrival;

  public TickResource(TickService ticks, RequestArrival arrival) {
    this.ticks = ticks;
    this.arrival = arrival;
  }

  @POST
  @Path("/tick")
  @CronSecured
  @SecurityRequirement(name = ApiDocumentation.CRON)
  @Operation(summary = "Run one interval-gated batch (the cron's endpoint)")
  public TickReport tick(
      @QueryParam(SUMMARY) @Parameter(description = SUMMARY_DOC) String summary) {
    return answer(summary, () -> ticks.run(Trigger.CRON, null, arrival.nanos()));
  }

  @GET
  @Path("/tick")
  @CronSecured
  @SecurityRequirement(name = ApiDocumentation.CRON)
  @Operation(summary = "Same as POST, for schedulers that can only GET")
  public TickReport tickByGet(
      @QueryParam(SUMMARY) @Parameter(description = SUMMARY_DOC) String summary) {
    return answer(summary, () -> ticks.run(Trigger.CRON, null, arrival.nanos()));
  }

  @POST
  @Path("/run")
  @AdminSecured
  @SecurityRequirement(name = ApiDocumentation.ADMIN)
  @Operation(summary = "Run one batch now, bypassing interval gating but never the lease")
  public TickReport runNow(
      @QueryParam("organizationId") String organizationId,
      @QueryParam(SUMMARY) @Parameter(description = SUMMARY_DOC) String summary) {
    return answer(
        summary,
        () -> ticks.run(Trigger.MANUAL, QueryParams.optional(organizationId), arrival.nanos()));
  }

  /** Reads {@code summary} before the run, so a bad value is a 400 and runs nothing. */
  private static TickReport answer(String summary, Supplier<TickReport> run) {
    boolean totalsOnly = QueryParams.flag(SUMMARY, summary);
    TickReport report = run.get();
    return totalsOnly ? report.summary() : report;
  }
}
