package dev.campaigntick.admin;

import dev.campaigntick.tick.AutomationRepository;
import dev.campaigntick.web.AdminSecured;
import dev.campaigntick.web.ApiDocumentation;
import dev.campaigntick.web.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** The automation switch: {@code {"enabled": false}} makes every tick skip as "disabled". */
@Path("/api/automation")
@AdminSecured
@SecurityRequirement(name = ApiDocumentation.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "automation")
public class AutomationResource {

  private static final Logger LOG = Logger.getLogger(AutomationResource.class);

  /** The switch's state, as read and as written. */
  public record Automation(Boolean enabled) {}

  private final AutomationRepository automation;

  public AutomationResource(AutomationRepository automation) {
    this.automation = automation;
  }

  @GET
  @Operation(summary = "Whether ticks launch anything")
  public Automation get() {
    return new Automation(automation.isEnabled());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Switch all launching on or off without touching campaign state")
  public Automation put(Automation body) {
    if (body == null || body.enabled() == null) {
      throw ApiException.badRequest("enabled is required (true or false)");
    }
    automation.setEnabled(body.enabled());
    LOG.infof("automation switched %s", body.enabled() ? "on" : "off");
    return new Automation(body.enabled());
  }
}
