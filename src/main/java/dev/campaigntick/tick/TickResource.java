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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP only: the cron's tick and the operator's manual run. */
@Path("/api/scheduler")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "scheduler")
public class TickResource {

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
  public TickReport tick() {
    return ticks.run(Trigger.CRON, null, arrival.nanos());
  }

  @GET
  @Path("/tick")
  @CronSecured
  @SecurityRequirement(name = ApiDocumentation.CRON)
  @Operation(summary = "Same as POST, for schedulers that can only GET")
  public TickReport tickByGet() {
    return ticks.run(Trigger.CRON, null, arrival.nanos());
  }

  @POST
  @Path("/run")
  @AdminSecured
  @SecurityRequirement(name = ApiDocumentation.ADMIN)
  @Operation(summary = "Run one batch now, bypassing interval gating but never the lease")
  public TickReport runNow(@QueryParam("organizationId") String organizationId) {
    return ticks.run(Trigger.MANUAL, QueryParams.optional(organizationId), arrival.nanos());
  }
}
