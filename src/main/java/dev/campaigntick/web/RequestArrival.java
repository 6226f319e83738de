package dev.campaigntick.web;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * When the request being handled reached the function, on the local monotonic clock: stamped by the
 * router's first handler, before authentication, resource matching and the hop to a worker thread.
 * A run's budget counts from here, so the caller waits at most TICK_BUDGET_MS and the answer; in a
 * fresh process the first request's route to the resource (loading its classes) took about a
 * quarter of a second that a budget starting in the service did not count.
 */
@ApplicationScoped
public class RequestArrival {

  static final String ARRIVED = "campaign-tick.arrived-nanos";

  private final CurrentVertxRequest request;

  public RequestArrival(CurrentVertxRequest request) {
    this.request = request;
  }

  void stamp(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            routing -> {
              routing.put(ARRIVED, System.nanoTime());
              routing.next();
            });
  }

  /**
   * The arrival of the HTTP request being handled ({@link System#nanoTime()}); now if the router
   * did not stamp it. Call it while handling a request (its context must be active).
   */
  public long nanos() {
    RoutingContext routing = request.getCurrent();
    Long arrived = routing == null ? null : routing.get(ARRIVED);
    return arrived != null ? arrived : System.nanoTime();
  }
}
