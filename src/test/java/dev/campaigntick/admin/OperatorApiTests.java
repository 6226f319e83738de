package dev.campaigntick.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import dev.campaigntick.support.Ticks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operator API through HTTP alone, against real PostgreSQL. */
@QuarkusTest
class OperatorApiTests {

  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  @Inject TestDatabase db;
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

  static long createCampaign(String body) {
    return Api.admin()
        .body(body)
        .post("/api/campaigns")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  @Test
  void goesFromNothingToLaunchedCallsThroughTheApiAlone() {
    long list =
        Api.admin()
            .body("{\"organizationId\":\"acme\",\"name\":\"Renewals\"}")
            .post("/api/lists")
            .then()
            .statusCode(201)
            .header("Location", endsWith("/api/lists/" + 1))
            .extract()
            .jsonPath()
            .getLong("id");
    String csv =
        "phone,name,plan\n"
            + "+1 415 555 2671,Ada,gold\n"
            + "not a number,Bob,silver\n"
            + "(415) 555-2672,Cy,\n"
            + "+14155552671,Ada again,gold\n";
    Api.admin()
        .contentType("text/csv")
        .queryParam("defaultRegion", "US")
        .body(csv)
        .post("/api/lists/" + list + "/members")
        .then()
        .statusCode(200)
        .body("added", equalTo(2))
        .body("duplicates", equalTo(1))
        .body("rejected", hasSize(1))
        .body("rejected[0].row", equalTo(2))
        .body("rejected[0].phone", equalTo("not a number"));
    long campaign =
        createCampaign(
            "{\"organizationId\":\"acme\",\"name\":\"Renewals\",\"maxConcurrentCalls\":5,"
                + "\"listId\":"
                + list
                + ",\"callWindow\":{\"start\":\"08:00\",\"end\":\"20:00\","
                + "\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\"]}}");
    Api.admin()
        .get("/api/campaigns/" + campaign)
        .then()
        .body("status", equalTo("DRAFT"))
        .body("callWindow.days", hasSize(5))
        .body("maxAttempts", equalTo(3))
        .body("progress.pending", equalTo(0));
    Api.admin()
        .body("{\"scheduledAt\":\"2026-11-23T09:00:00Z\"}")
        .post("/api/campaigns/" + campaign + "/schedule")
        .then()
        .statusCode(200)
        .body("status", equalTo("SCHEDULED"));
    JsonPath preview =
        Api.admin().get("/api/scheduler/preview").then().statusCode(200).extract().jsonPath();
    assertEquals("PREVIEW", preview.getString("trigger"));
    assertEquals(null, (Object) preview.get("runId"));
    assertEquals(2, preview.getInt("launched"), "recipients from the list count in the dry run");
    assertEquals(2, preview.getInt("campaigns[0].recipientCount"));
    JsonPath tick = Ticks.tick();
    assertEquals(2, tick.getInt("launched"));
    assertEquals("RUNNING", tick.getString("campaigns[0].newStatus"));
    assertEquals(2, tick.getInt("campaigns[0].recipientCount"));
    Api.admin()
        .queryParam("campaignId", campaign)
        .get("/api/jobs")
        .then()
        .statusCode(200)
        .body("items", hasSize(2))
        .body("items[0].status", equalTo("ACTIVE"))
        .body("items[0].attemptsMade", equalTo(0))
        .body("items[0].attemptNumber", equalTo(1))
        .body("items[0].queueJobId", notNullValue())
        .body("nextCursor", nullValue());
    Api.admin()
        .get("/api/campaigns/" + campaign)
        .then()
        .body("progress.inProgress", equalTo(2))
        .body("jobs.ACTIVE", equalTo(2));
    Api.admin()
        .post("/api/campaigns/" + campaign + "/pause")
        .then()
        .statusCode(200)
        .body("status", equalTo("PAUSED"));
    Api.admin()
        .post("/api/campaigns/" + campaign + "/pause")
        .then()
        .statusCode(409)
        .body("error", equalTo("conflict"))
        .body("message", containsString("PAUSED"));
    Api.admin()
        .post("/api/campaigns/" + campaign + "/resume")
        .then()
        .statusCode(200)
        .body("status", equalTo("RUNNING"));
    Api.admin()
        .post("/api/campaigns/" + campaign + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));
    Api.admin()
        .post("/api/campaigns/" + campaign + "/resume")
        .then()
        .statusCode(409)
        .body("message", containsString("CANCELLED"));
    Api.admin()
        .queryParam("limit", 5)
        .get("/api/scheduler/runs")
        .then()
        .statusCode(200)
        .body("[0].trigger", equalTo("CRON"))
        .body("[0].launched", equalTo(2));
    long runId =
        Api.admin().get("/api/scheduler/runs").then().extract().jsonPath().getLong("[0].runId");
    Api.admin()
        .get("/api/scheduler/runs/" + runId)
        .then()
        .statusCode(200)
        .body("runId", equalTo((int) runId))
        .body("launched", equalTo(2));
    Api.admin()
        .get("/api/scheduler/runs/999999")
        .then()
        .statusCode(404)
        .body("message", equalTo("No run with id 999999"));
  }

  @Test
  void previewEqualsWhatTheNextTickDoes() {
    long a =
        createCampaign(
            "{\"organizationId\":\"acme\",\"name\":\"A\",\"maxConcurrentCalls\":2,"
                + "\"scheduledAt\":\"2026-11-23T08:00:00Z\"}");
    long b =
        createCampaign(
            "{\"organizationId\":\"globex\",\"name\":\"B\",\"maxConcurrentCalls\":10,"
                + "\"timezone\":\"Asia/Tokyo\",\"scheduledAt\":\"2026-11-23T08:00:00Z\","
                + "\"callWindow\":{\"start\":\"09:00\",\"end\":\"17:00\"}}");
    Api.admin()
        .body(
            "[{\"phone\":\"+14155552671\"},{\"phone\":\"+14155552672\"},"
                + "{\"phone\":\"+14155552673\"}]")
        .post("/api/campaigns/" + a + "/contacts")
        .then()
        .statusCode(200)
        .body("added", equalTo(3));
    Api.admin()
        .body("[{\"phone\":\"+81312345678\"}]")
        .post("/api/campaigns/" + b + "/contacts")
        .then()
        .statusCode(200);
    Api.admin()
        .body("[{\"phone\":\"+14155552672\"}]")
        .post("/api/do-not-call")
        .then()
        .statusCode(200);
    JsonPath preview =
        Api.admin().get("/api/scheduler/preview").then().statusCode(200).extract().jsonPath();
    JsonPath tick = Ticks.tick();
    assertEquals(preview.getInt("launched"), tick.getInt("launched"));
    assertEquals(preview.getInt("skipped"), tick.getInt("skipped"));
    for (long id : List.of(a, b)) {
      String path = "campaigns.find { it.campaignId == " + id + " }.";
      assertEquals(
          preview.getInt(path + "launched"), tick.getInt(path + "launched"), "launched " + id);
      assertEquals(preview.getString(path + "skipReason"), tick.getString(path + "skipReason"));
      assertEquals(preview.getString(path + "newStatus"), tick.getString(path + "newStatus"));
    }
    assertEquals(
        "outside_window",
        tick.getString("campaigns.find { it.campaignId == " + b + " }.skipReason"));
    assertEquals(
        0L, db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs WHERE trigger = 'PREVIEW'"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|organizationId is required",
        "{\"organizationId\":\"a\"}|name is required",
        "{\"organizationId\":\"a\",\"name\":\"n\"}|maxConcurrentCalls is required",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":0}|maxConcurrentCalls must be >= 1",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"timezone\":\"Mars/Olympus\"}|timezone",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"callWindow\":{\"start\":\"17:00\",\"end\":\"09:00\"}}|callWindow.end must be after callWindow.start",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"callWindow\":{\"days\":[\"FUNDAY\"]}}|unknown day",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"callWindow\":{\"start\":\"9am\"}}|callWindow.start",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"dailyCallCap\":0}|dailyCallCap must be >= 1",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":\"many\"}|maxConcurrentCalls",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"scheduledAt\":\"tomorrow\"}|scheduledAt",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"listId\":999}|listId",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"agent\":[1]}|agent must be a JSON object",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":99999999999999}|maxConcurrentCalls is out of range",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1.5}|maxConcurrentCalls must be a whole number, got 1.5",
        "{\"organizationId\":\"a\",\"name\":\"n\",\"maxConcurrentCalls\":1,\"listId\":2.5}|listId must be a whole number, got 2.5",
        "[1,2]|the body must be a JSON object",
        "{\"organizationId\":|malformed",
      })
  void refusesMalformedCampaignsNamingTheField(String body, String message) {
    Api.admin()
        .body(body)
        .post("/api/campaigns")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString(message == null ? "" : message));
  }

  @Test
  void answersUnknownIdsWith404AndNeedsTheAdminToken() {
    Api.admin()
        .get("/api/campaigns/424242")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
    Api.admin().post("/api/campaigns/424242/pause").then().statusCode(404);
    Api.admin().get("/api/lists/424242").then().statusCode(404);
    given().get("/api/campaigns").then().statusCode(401);
    given().header("X-Cron-Secret", Api.CRON_SECRET).get("/api/jobs").then().statusCode(401);
    Api.admin().get("/api/campaigns/abc").then().statusCode(404);
    Api.admin()
        .queryParam("limit", 0)
        .get("/api/jobs")
        .then()
        .statusCode(400)
        .body("message", containsString("limit"));
    Api.admin()
        .queryParam("cursor", "garbage!")
        .get("/api/jobs")
        .then()
        .statusCode(400)
        .body("message", containsString("cursor"));
    Api.admin()
        .queryParam("status", "DONE")
        .get("/api/jobs")
        .then()
        .statusCode(400)
        .body("message", containsString("status"));
  }

  @Test
  void importsContactsRejectingBadRowsWithTheirNumber() {
    long id =
        createCampaign(
            "{\"organizationId\":\"acme\",\"name\":\"Import\",\"maxConcurrentCalls\":1}");
    Api.admin()
        .body(
            "[{\"phone\":\"+4915112345678\",\"name\":\"Ute\",\"timezone\":\"Europe/Berlin\","
                + "\"attributes\":{\"plan\":\"gold\"}},"
                + "{\"phone\":\"12\"},"
                + "{\"phone\":\"+4915112345679\",\"timezone\":\"Nowhere/Land\"},"
                + "{\"name\":\"no phone\"},"
                + "{\"phone\":\"015112345670\"}]")
        .queryParam("defaultRegion", "DE")
        .post("/api/campaigns/" + id + "/contacts")
        .then()
        .statusCode(200)
        .body("added", equalTo(2))
        .body("rejected.row", org.hamcrest.Matchers.contains(2, 3, 4))
        .body("rejected[1].error", containsString("time zone"));
    assertEquals(
        "+4915112345670,+4915112345678",
        String.join(",", db.column(String.class, "SELECT phone FROM contacts ORDER BY phone")));
    Api.admin()
        .body("{\"phone\":1}")
        .post("/api/campaigns/" + id + "/contacts")
        .then()
        .statusCode(400);
    Api.admin()
        .body("[{\"phone\":\"+4915112345677\"},{\"phone\":")
        .post("/api/campaigns/" + id + "/contacts")
        .then()
        .statusCode(400)
        .body("message", containsString("malformed JSON"))
        .body("message", org.hamcrest.Matchers.not(containsString("Source")));
    Api.admin()
        .contentType("text/csv")
        .body("name\nx\n")
        .post("/api/campaigns/" + id + "/contacts")
        .then()
        .statusCode(400)
        .body("message", containsString("phone column"));
    Api.admin()
        .contentType("application/xml")
        .body("<x/>")
        .post("/api/campaigns/" + id + "/contacts")
        .then()
        .statusCode(415);
    Api.admin()
        .queryParam("defaultRegion", "ZZ")
        .body("[]")
        .post("/api/campaigns/" + id + "/contacts")
        .then()
        .statusCode(400)
        .body("message", containsString("defaultRegion"));
  }

  @Test
  void importsSpreadsheetCsvRejectingRowsWithUnnamedValues() {
    long id =
        createCampaign("{\"organizationId\":\"acme\",\"name\":\"Csv\",\"maxConcurrentCalls\":1}");
    String contacts = "/api/campaigns/" + id + "/contacts";
    // A spreadsheet's export: an unnamed last column, rows with empty cells past the header.
    Api.admin()
        .contentType("text/csv")
        .body(
            "phone,name,plan,\n"
                + "+14155550101,Ann,gold,,\n"
                + "+14155550102,Bob,silver,,stray\n"
                + "+14155550103,Cy\n")
        .post(contacts)
        .then()
        .statusCode(200)
        .body("added", equalTo(2))
        .body("rejected.row", org.hamcrest.Matchers.contains(2))
        .body("rejected[0].phone", equalTo("+14155550102"))
        .body("rejected[0].error", containsString("column 5"));
    assertEquals(
        "gold",
        db.scalar(
            String.class, "SELECT attributes->>'plan' FROM contacts WHERE phone = '+14155550101'"));
    Api.admin()
        .contentType("text/csv")
        .body("phone,Phone\n+14155550104,+14155550105\n")
        .post(contacts)
        .then()
        .statusCode(400)
        .body("message", containsString("names the column 'Phone' twice"));
    Api.admin()
        .contentType("text/csv")
        .body("phone;name\n+14155550106;Dee\n")
        .post(contacts)
        .then()
        .statusCode(400)
        .body("message", containsString("it has: phone;name"));
    Api.admin()
        .contentType("text/csv")
        .body("")
        .post(contacts)
        .then()
        .statusCode(400)
        .body("message", containsString("empty"));
    Api.admin()
        .contentType("text/csv")
        .body("phone,name\n\"+14155550107,Eve\n")
        .post(contacts)
        .then()
        .statusCode(400)
        .body("message", containsString("malformed CSV at line"))
        .body("message", org.hamcrest.Matchers.not(containsString("Source")));
    assertEquals(2L, db.scalar(Long.class, "SELECT count(*) FROM contacts"));
  }

  @Test
  void refusesTheNulCharacterAsBadInputNotAsADatabaseOutage() {
    Api.admin()
        .body("{\"organizationId\":\"a\",\"name\":\"a\\u0000b\",\"maxConcurrentCalls\":1}")
        .post("/api/campaigns")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("NUL"));
    long id =
        createCampaign("{\"organizationId\":\"acme\",\"name\":\"Nul\",\"maxConcurrentCalls\":1}");
    Api.admin()
        .body(
            "[{\"phone\":\"+14155550101\",\"name\":\"Ann\\u0000\"},"
                + "{\"phone\":\"+14155550102\",\"attributes\":{\"plan\":\"\\u0000\"}},"
                + "{\"phone\":\"+14155550103\"}]")
        .post("/api/campaigns/" + id + "/contacts")
        .then()
        .statusCode(200)
        .body("added", equalTo(1))
        .body("rejected.row", org.hamcrest.Matchers.contains(1, 2))
        .body("rejected[1].error", containsString("NUL"));
    Api.admin()
        .body("[{\"phone\":\"+14155550104\",\"reason\":\"asked\\u0000\"}]")
        .post("/api/do-not-call")
        .then()
        .statusCode(400)
        .body("message", containsString("NUL"));
  }

  @Test
  void keepsTheDoNotCallList() {
    Api.admin()
        .body("[{\"phone\":\"+1 415 555 2671\",\"reason\":\"asked\"},{\"phone\":\"nope\"}]")
        .post("/api/do-not-call")
        .then()
        .statusCode(200)
        .body("added", equalTo(1))
        .body("rejected[0].row", equalTo(2));
    Api.admin()
        .get("/api/do-not-call")
        .then()
        .body("items[0].phone", equalTo("+14155552671"))
        .body("items[0].reason", equalTo("asked"));
    Api.admin().delete("/api/do-not-call/+14155552671").then().statusCode(204);
    Api.admin().delete("/api/do-not-call/+14155552671").then().statusCode(404);
  }

  @Test
  void pagesJobsWithAStableCursorWhileRowsArrive() {
    long id =
        createCampaign(
            "{\"organizationId\":\"acme\",\"name\":\"Pages\",\"maxConcurrentCalls\":100,\"scheduledAt\":\"2026-11-23T08:00:00Z\"}");
    db.execute(
        "INSERT INTO contacts (campaign_id, phone, created_at) SELECT ?, '+1415555' || lpad(i::text, 4, '0'), now() FROM generate_series(1, 25) i",
        id);
    Ticks.tick();
    Set<Long> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      var request = Api.admin().queryParam("limit", 10);
      if (cursor != null) {
        request = request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get("/api/jobs").then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.id", Long.class));
      cursor = page.getString("nextCursor");
      pages++;
      if (pages == 1) {
        // New jobs arrive between pages: they are newer, so they never shift later pages.
        db.execute(
            "INSERT INTO contacts (campaign_id, phone, created_at) VALUES (?, '+14155559999', now())",
            id);
        clock.advance(Duration.ofMinutes(1));
        Ticks.tick();
      }
    } while (cursor != null);
    assertEquals(25, seen.size());
    assertEquals(3, pages);
  }

  @Test
  void reportsHealthWithMissedTicks() {
    Ticks.tick();
    clock.advance(Duration.ofMinutes(5)); // the cron stopped firing for four intervals
    Ticks.tick();
    JsonPath health =
        Api.admin().get("/api/scheduler/health").then().statusCode(200).extract().jsonPath();
    assertEquals(true, health.getBoolean("schedulerOnline"));
    assertEquals("COMPLETED", health.getString("lastRunStatus"));
    assertEquals(1, health.getInt("intervalMinutes"));
    assertEquals("2026-11-23T09:06:00Z", health.getString("nextRunDueAt"));
    assertEquals(4, health.getInt("missedTicks24h"));
    assertEquals(true, health.getBoolean("automationEnabled"));
    Map<String, Integer> counts = health.getMap("jobCounts");
    assertEquals(Set.of("QUEUED", "ACTIVE", "COMPLETED", "FAILED", "SKIPPED"), counts.keySet());
    clock.advance(Duration.ofMinutes(3));
    assertEquals(
        false,
        Api.admin()
            .get("/api/scheduler/health")
            .then()
            .extract()
            .jsonPath()
            .getBoolean("schedulerOnline"));
    assertNotNull(health.getString("lastRunAt"));
    assertTrue(health.getInt("missedTicks24h") >= 0);
  }
}
