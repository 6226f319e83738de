package dev.campaigntick.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * The cron presents CRON_SECRET as {@code X-Cron-Secret} or {@code Authorization: Bearer}; fails
 * closed (503) when no secret is configured.
 */
@Provider
@CronSecured
@Priority(Priorities.AUTHENTICATION)
public class CronAuthFilter implements ContainerRequestFilter {

  private final Secrets secrets;

  public CronAuthFilter(Secrets secrets) {
    this.secrets = secrets;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!secrets.cron().isConfigured()) {
      throw ApiException.notConfigured("CRON_SECRET");
    }
    String header = request.getHeaderString("X-Cron-Secret");
    String presented = header != null ? header.trim() : BearerToken.of(request);
    if (!secrets.cron().matches(presented)) {
      throw ApiException.unauthorized(
          "Present the cron secret in X-Cron-Secret or Authorization: Bearer.");
    }
  }
}
