package dev.campaigntick.dashboard;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/** Sends requests without a valid session cookie to the sign-in page. */
@Provider
@DashboardSecured
@Priority(Priorities.AUTHENTICATION)
public class DashboardAuthFilter implements ContainerRequestFilter {

  private final DashboardSessions sessions;
  private final CurrentSession current;

  public DashboardAuthFilter(DashboardSessions sessions, CurrentSession current) {
    this.sessions = sessions;
    this.current = current;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Cookie cookie = request.getCookies().get(DashboardSessions.COOKIE);
    sessions
        .verify(cookie == null ? null : cookie.getValue())
        .ifPresentOrElse(
            current::set,
            () -> request.abortWith(Response.seeOther(URI.create(SignInResource.PATH)).build()));
  }
}
