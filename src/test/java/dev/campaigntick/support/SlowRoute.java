package dev.campaigntick.support;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Holds a request carrying {@value #HEADER} for that many milliseconds after it arrived and before
 * authentication and the resource see it: the time a fresh process spends routing its first
 * request, made long and certain.
 */
@ApplicationScoped
public class SlowRoute {

  public static final String HEADER = "X-Test-Delay-Ms";

  void hold(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE + 1)
        .handler(
            routing -> {
              String delay = routing.request().getHeader(HEADER);
              if (delay == null) {
                routing.next();
              } else {
                routing.vertx().setTimer(Long.parseLong(delay), ignored -> routing.next());
              }
            });
  }
}
