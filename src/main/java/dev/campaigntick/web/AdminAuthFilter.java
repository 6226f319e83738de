package dev.campaigntick.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Admins present ADMIN_TOKEN as a bearer token; fails closed (503) when none is configured. */
@Provider
@AdminSecured
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

  private final Secrets secrets;

  public AdminAuthFilter(Secrets secrets) {
    this.secrets = secrets;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!secrets.admin().isConfigured()) {
      throw ApiException.notConfigured("ADMIN_TOKEN");
    }
    if (!secrets.admin().matches(BearerToken.of(request))) {
      throw ApiException.unauthorized("Present the admin token as Authorization: Bearer.");
    }
  }
}
