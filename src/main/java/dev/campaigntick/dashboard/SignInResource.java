package dev.campaigntick.dashboard;

import dev.campaigntick.web.Secrets;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.logging.Logger;

/**
 * Signing in to the dashboard: the admin token, posted once from a password field, is exchanged for
 * a signed session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS). The token itself is never
 * echoed, put in a URL or logged.
 */
@Path("/dashboard")
@DashboardPage
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

  static final String PATH = "/dashboard/sign-in";

  private static final Logger LOG = Logger.getLogger(SignInResource.class);

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance signIn(String message);
  }

  private final Secrets secrets;
  private final DashboardSessions sessions;

  public SignInResource(Secrets secrets, DashboardSessions sessions) {
    this.secrets = secrets;
    this.sessions = sessions;
  }

  @GET
  @Path("/sign-in")
  public Response form() {
    if (!sessions.isConfigured()) {
      return notConfigured();
    }
    return Response.ok(Templates.signIn(null)).build();
  }

  @POST
  @Path("/sign-in")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(
      @FormParam("token") String token, @Context HttpHeaders headers, @Context UriInfo uri) {
    if (!sessions.isConfigured()) {
      return notConfigured();
    }
    if (!secrets.admin().matches(token)) {
      LOG.info("dashboard sign-in refused: not the admin token");
      return Response.status(401).entity(Templates.signIn("That is not the admin token.")).build();
    }
    LOG.info("dashboard sign-in");
    return Response.seeOther(URI.create("/dashboard"))
        .cookie(
            sessionCookie(
                sessions.open(), (int) DashboardSessions.LIFETIME.toSeconds(), headers, uri))
        .build();
  }

  /** The session cookie; a max age of 0 removes it. */
  static NewCookie sessionCookie(String value, int maxAge, HttpHeaders headers, UriInfo uri) {
    return new NewCookie.Builder(DashboardSessions.COOKIE)
        .value(value)
        .path("/dashboard")
        .maxAge(maxAge)
        .httpOnly(true)
        .secure(overHttps(headers, uri))
        .sameSite(NewCookie.SameSite.STRICT)
        .build();
  }

  /** HTTPS directly or behind a proxy (a Lambda Function URL, a load balancer). */
  private static boolean overHttps(HttpHeaders headers, UriInfo uri) {
    return "https".equalsIgnoreCase(uri.getRequestUri().getScheme())
        || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
  }

  private static Response notConfigured() {
    return Response.status(503)
        .entity(
            Templates.signIn(
                "The dashboard is closed: ADMIN_TOKEN is not configured. Set it and restart."))
        .build();
  }
}
