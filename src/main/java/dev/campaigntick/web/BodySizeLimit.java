package dev.campaigntick.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is over {@code quarkus.http.limits.max-body-size} with the
 * API's JSON error (ErrorMapper's code for 413). Quarkus checks the same limit in a router handler
 * that runs before any resource or exception mapper and answers that 413 with an empty body; this
 * handler runs just before it. A chunked body (no Content-Length) that passes the limit is still
 * cut off by Quarkus' own check.
 */
@ApplicationScoped
public class BodySizeLimit {

  private final Optional<MemorySize> limit;

  public BodySizeLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
    this.limit = limit;
  }

  void install(@Observes Router router) {
    limit.ifPresent(
        max ->
            router
                .route()
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(routing -> refuseOver(max.asLongValue(), routing)));
  }

  private static void refuseOver(long max, RoutingContext routing) {
    long declared = declaredLength(routing);
    if (declared <= max) {
      routing.next();
      return;
    }
    String body =
        new JsonObject()
            .put("error", ErrorMapper.codeFor(413))
            .put(
                "message",
                String.format(
                    "The request body (%,d bytes) is over the limit of %,d bytes"
                        + " (QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE); split an import into smaller"
                        + " files.",
                    declared, max))
            .encode();
    // The client may still be sending the body, which nobody will read: close once answered.
    routing
        .response()
        .setStatusCode(413)
        .putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaderNames.CONNECTION, "close")
        .endHandler(done -> routing.request().connection().close())
        .end(body);
  }

  /** The request's Content-Length, or -1 when it has none (chunked) or not a number. */
  private static long declaredLength(RoutingContext routing) {
    String header = routing.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
