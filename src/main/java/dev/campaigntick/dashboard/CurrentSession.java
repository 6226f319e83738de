package dev.campaigntick.dashboard;

import dev.campaigntick.dashboard.DashboardSessions.Session;
import dev.campaigntick.web.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** The signed-in session of the current request, set by DashboardAuthFilter. */
@RequestScoped
public class CurrentSession {

  private Session session;

  void set(Session session) {
    this.session = session;
  }

  /** The CSRF token the request's forms must carry. */
  public String csrfToken() {
    return session.csrfToken();
  }

  /** Refuses a state-changing form that does not carry this session's CSRF token. */
  public void requireCsrf(String presented) {
    if (!DashboardSessions.csrfMatches(session, presented)) {
      throw new ApiException(
          403,
          "csrf_rejected",
          "The form did not carry this session's CSRF token; reload the page and try again.");
    }
  }
}
