package dev.campaigntick.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard over plain HTTP: sign-in, the session cookie, CSRF, and every page. */
@QuarkusTest
class DashboardTests {

  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject SettableTimeSource clock;

  @BeforeEach
  void setUp() {
    db.reset();
    clock.set(MONDAY_9AM);
  }

  @AfterEach
  void tearDown() {
    clock.reset();
  }

  /** Signs in and returns the session cookie's value. */
  static String signIn() {
    return given()
        .redirects()
        .follow(false)
        .formParam("token", Api.ADMIN_TOKEN)
        .post("/dashboard/sign-in")
        .then()
        .statusCode(303)
        .extract()
        .cookie(DashboardSessions.COOKIE);
  }

  static String csrfOf(String page) {
    Matcher matcher = CSRF.matcher(page);
    assertTrue(matcher.find(), "the page carries a CSRF token");
    return matcher.group(1);
  }

  static Response get(String session, String path) {
    return given().redirects().follow(false).cookie(DashboardSessions.COOKIE, session).get(path);
  }

  static Response post(String session, String path, String csrf, String... fields) {
    var request = given().redirects().follow(false).cookie(DashboardSessions.COOKIE, session);
    if (csrf != null) {
      request.formParam("csrf", csrf);
    }
    for (int i = 0; i < fields.length; i += 2) {
      request.formParam(fields[i], fields[i + 1]);
    }
    return request.post(path);
  }

  @Test
  void sendsVisitorsWithoutASessionToSignIn() {
    given()
        .redirects()
        .follow(false)
        .get("/")
        .then()
        .statusCode(303)
        .header("Location", endsWith("/dashboard"));
    for (String path :
        new String[] {
          "/dashboard", "/dashboard/runs", "/dashboard/campaigns", "/dashboard/campaigns/1"
        }) {
      given()
          .redirects()
          .follow(false)
          .get(path)
          .then()
          .statusCode(303)
          .header("Location", endsWith("/dashboard/sign-in"));
    }
    given()
        .redirects()
        .follow(false)
        .formParam("csrf", "x")
        .post("/dashboard/run")
        .then()
        .statusCode(303)
        .header("Location", endsWith("/dashboard/sign-in"));
    given()
        .get("/dashboard/sign-in")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .header("Content-Security-Policy", containsString("default-src 'self'"))
        .body(containsString("type=\"password\""));
  }

  @Test
  void refusesAWrongTokenWithoutEchoingIt() {
    Response refused =
        given()
            .redirects()
            .follow(false)
            .formParam("token", "guess-123")
            .post("/dashboard/sign-in");
    assertEquals(401, refused.statusCode());
    assertTrue(refused.body().asString().contains("That is not the admin token."));
    assertFalse(refused.body().asString().contains("guess-123"));
    assertFalse(refused.headers().hasHeaderWithName("Set-Cookie"));
    given()
        .redirects()
        .follow(false)
        .formParam("other", "x")
        .post("/dashboard/sign-in")
        .then()
        .statusCode(401);
    given()
        .redirects()
        .follow(false)
        .contentType("application/json")
        .body("{\"token\":\"x\"}")
        .post("/dashboard/sign-in")
        .then()
        .statusCode(415);
  }

  @Test
  void exchangesTheTokenForASignedStrictHttpOnlyCookie() {
    Response signedIn =
        given()
            .redirects()
            .follow(false)
            .formParam("token", Api.ADMIN_TOKEN)
            .post("/dashboard/sign-in");
    assertEquals(303, signedIn.statusCode());
    assertTrue(signedIn.header("Location").endsWith("/dashboard"));
    String setCookie = signedIn.header("Set-Cookie");
    assertTrue(setCookie.startsWith(DashboardSessions.COOKIE + "="), setCookie);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    assertTrue(setCookie.contains("Path=/dashboard"), setCookie);
    assertTrue(setCookie.contains("Max-Age=28800"), setCookie);
    assertFalse(setCookie.contains(Api.ADMIN_TOKEN), setCookie);
    assertFalse(setCookie.contains("Secure"), "plain HTTP here: " + setCookie);

    String behindHttps =
        given()
            .redirects()
            .follow(false)
            .header("X-Forwarded-Proto", "https")
            .formParam("token", Api.ADMIN_TOKEN)
            .post("/dashboard/sign-in")
            .header("Set-Cookie");
    assertTrue(behindHttps.contains("Secure"), behindHttps);

    String session = signedIn.cookie(DashboardSessions.COOKIE);
    Response overview = get(session, "/dashboard");
    assertEquals(200, overview.statusCode());
    assertEquals("no-store", overview.header("Cache-Control"));
    assertFalse(overview.body().asString().contains(Api.ADMIN_TOKEN));

    String tampered = session.substring(0, session.length() - 2) + "xx";
    get(tampered, "/dashboard")
        .then()
        .statusCode(303)
        .header("Location", endsWith("/dashboard/sign-in"));
  }

  @Test
  void refusesStateChangesWithoutTheSessionsCsrfToken() {
    String session = signIn();
    long runsBefore = db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs");
    Response missing = post(session, "/dashboard/run", null);
    assertEquals(403, missing.statusCode());
    assertTrue(missing.body().asString().contains("CSRF"));
    assertEquals(403, post(session, "/dashboard/run", "forged").statusCode());
    // Another session's token does not fit this one.
    String otherToken = csrfOf(get(signIn(), "/dashboard").body().asString());
    assertEquals(403, post(session, "/dashboard/run", otherToken).statusCode());
    assertEquals(
        runsBefore, db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs"), "nothing ran");
    assertEquals(
        403, post(session, "/dashboard/automation", null, "enabled", "false").statusCode());
    Api.admin().get("/api/automation").then().body("enabled", org.hamcrest.Matchers.is(true));
  }

  @Test
  void runsNowAndShowsTheResultOnTheOverview() {
    long campaign =
        fixtures
            .campaign("acme", "Renewals")
            .status("SCHEDULED")
            .scheduledAt(MONDAY_9AM.minusSeconds(60))
            .create();
    fixtures.contacts(campaign, 3);
    String session = signIn();
    String csrf = csrfOf(get(session, "/dashboard").body().asString());

    Response ran = post(session, "/dashboard/run", csrf, "organizationId", "acme");
    assertEquals(303, ran.statusCode());
    String location = ran.header("Location");
    assertTrue(location.matches(".*/dashboard\\?run=\\d+"), location);

    String page =
        get(session, location.substring(location.indexOf("/dashboard"))).body().asString();
    assertTrue(page.contains("id=\"run-result\""), page);
    assertTrue(page.contains("<span id=\"result-launched\">3</span>"), page);
    assertEquals(
        3L,
        db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE campaign_id = ?", campaign));
    get(session, "/dashboard?run=abc")
        .then()
        .statusCode(400)
        .contentType(containsString("text/html"))
        .body(containsString("run must be a whole number"));
    get(session, "/dashboard?run=999999")
        .then()
        .statusCode(404)
        .body(containsString("No run with id 999999"));
  }

  @Test
  void switchesAutomationOffAndOn() {
    String session = signIn();
    String csrf = csrfOf(get(session, "/dashboard").body().asString());
    post(session, "/dashboard/automation", csrf, "enabled", "false").then().statusCode(303);
    Api.admin().get("/api/automation").then().body("enabled", org.hamcrest.Matchers.is(false));
    get(session, "/dashboard").then().body(containsString("Switch on"));
    post(session, "/dashboard/automation", csrf, "enabled", "maybe").then().statusCode(400);
    post(session, "/dashboard/automation", csrf, "enabled", "true").then().statusCode(303);
    Api.admin().get("/api/automation").then().body("enabled", org.hamcrest.Matchers.is(true));
  }

  @Test
  void pausesResumesAndCancelsACampaignFromItsPage() {
    long campaign =
        fixtures
            .campaign("acme", "Winback")
            .status("SCHEDULED")
            .scheduledAt(MONDAY_9AM.plusSeconds(3600))
            .create();
    fixtures.contacts(campaign, 2);
    String session = signIn();
    String page = get(session, "/dashboard/campaigns/" + campaign).body().asString();
    assertTrue(page.contains("id=\"pause\""), page);
    String csrf = csrfOf(page);

    post(session, "/dashboard/campaigns/" + campaign + "/pause", csrf)
        .then()
        .statusCode(303)
        .header("Location", endsWith("/dashboard/campaigns/" + campaign));
    Api.admin()
        .get("/api/campaigns/" + campaign)
        .then()
        .body("status", org.hamcrest.Matchers.is("PAUSED"));
    // Pausing twice is the API's 409, shown as a page.
    post(session, "/dashboard/campaigns/" + campaign + "/pause", csrf)
        .then()
        .statusCode(409)
        .contentType(containsString("text/html"))
        .body(containsString("it is PAUSED"));
    post(session, "/dashboard/campaigns/" + campaign + "/resume", csrf).then().statusCode(303);
    Api.admin()
        .get("/api/campaigns/" + campaign)
        .then()
        .body("status", org.hamcrest.Matchers.is("SCHEDULED"));
    post(session, "/dashboard/campaigns/" + campaign + "/explode", csrf).then().statusCode(404);
    post(session, "/dashboard/campaigns/" + campaign + "/cancel", csrf).then().statusCode(303);
    Api.admin()
        .get("/api/campaigns/" + campaign)
        .then()
        .body("status", org.hamcrest.Matchers.is("CANCELLED"));
    get(session, "/dashboard/campaigns/" + campaign)
        .then()
        .statusCode(200)
        .body(not(containsString("id=\"pause\"")))
        .body(not(containsString("id=\"cancel\"")));
  }

  @Test
  void rendersRunsCampaignsAndJobsWithFiltersAndPages() {
    long campaign =
        fixtures
            .campaign("acme", "Lists & <Leads>")
            .status("SCHEDULED")
            .scheduledAt(MONDAY_9AM.minusSeconds(60))
            .maxConcurrentCalls(50)
            .create();
    fixtures.contacts(campaign, 30);
    Api.cron().post("/api/scheduler/tick").then().statusCode(200);
    String session = signIn();

    String runs = get(session, "/dashboard/runs").then().statusCode(200).extract().asString();
    assertTrue(runs.contains("<rect class=\"bar\""), "the chart has a bar for the tick");
    assertTrue(runs.contains("30 launched"), runs);
    get(session, "/dashboard/runs?hours=0").then().statusCode(400);

    String list =
        get(session, "/dashboard/campaigns?status=running")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(list.contains("Lists &amp; &lt;Leads&gt;"), "names are escaped");
    assertFalse(list.contains("<Leads>"));
    get(session, "/dashboard/campaigns?status=BOGUS")
        .then()
        .statusCode(400)
        .body(containsString("status must be one of"));

    String jobs =
        get(session, "/dashboard/campaigns/" + campaign + "?status=ACTIVE")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertTrue(jobs.contains("id=\"next-page\""), "25 of 30 jobs on the first page");
    Matcher next = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(jobs);
    assertTrue(next.find());
    String second =
        get(session, next.group(1).replace("&amp;", "&"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertFalse(second.contains("id=\"next-page\""));
    get(session, "/dashboard/campaigns/" + campaign + "?cursor=nonsense")
        .then()
        .statusCode(400)
        .body(containsString("cursor"));
    get(session, "/dashboard/campaigns/424242").then().statusCode(404);
    assertNotNull(csrfOf(jobs));
  }

  @Test
  void keepsItsPagesOutOfTheApiDocument() {
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(containsString("/api/scheduler/tick"))
        .body(not(containsString("/dashboard")));
  }

  @Test
  void signsOutByClearingTheCookie() {
    String session = signIn();
    String csrf = csrfOf(get(session, "/dashboard").body().asString());
    Response out = post(session, "/dashboard/sign-out", csrf);
    assertEquals(303, out.statusCode());
    assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
  }
}
