package dev.campaigntick.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.config.TickConfig;
import dev.campaigntick.dispatch.CallEvents;
import dev.campaigntick.time.TimeSource;
import dev.campaigntick.web.ApiDocumentation;
import dev.campaigntick.web.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** The provider's signed status callbacks (CONTRACT.md section 6). */
@Path("/api/calls/events")
@Tag(name = "provider callbacks")
public class CallEventsResource {

  private static final Logger LOG = Logger.getLogger(CallEventsResource.class);

  private final WebhookVerifier verifier;
  private final CallEvents events;
  private final TimeSource time;
  private final ObjectMapper mapper;

  public CallEventsResource(
      TickConfig config, CallEvents events, TimeSource time, ObjectMapper mapper) {
    this.verifier = new WebhookVerifier(config.webhookSecret());
    this.events = events;
    this.time = time;
    this.mapper = mapper;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A call's status, signed with WEBHOOK_SECRET in X-Signature")
  @SecurityRequirement(name = ApiDocumentation.WEBHOOK)
  public CallEvents.Applied receive(@HeaderParam("X-Signature") String signature, byte[] body) {
    if (!verifier.isConfigured()) {
      throw ApiException.notConfigured("WEBHOOK_SECRET");
    }
    Instant now = time.now();
    Optional<String> refusal = verifier.check(signature, body, now);
    if (refusal.isPresent()) {
      throw ApiException.unauthorized(refusal.get());
    }
    JsonNode event = parse(body);
    String providerCallId = text(event, "providerCallId");
    String queueJobId = text(event, "queueJobId");
    String status = text(event, "status");
    if (providerCallId == null && queueJobId == null) {
      throw ApiException.badRequest("providerCallId or queueJobId is required");
    }
    if (status == null || !CallEvents.STATUSES.contains(status)) {
      throw ApiException.badRequest("status must be one of " + CallEvents.STATUSES);
    }
    CallEvents.Applied applied =
        events.apply(providerCallId, queueJobId, status, event.toString(), now);
    LOG.debugf("callback %s for job %d: changed=%s", status, applied.jobId(), applied.changed());
    return applied;
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("the body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
