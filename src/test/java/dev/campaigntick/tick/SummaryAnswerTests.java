package dev.campaigntick.tick;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ?summary=true}: the tick and the manual run answer their totals without campaigns. */
@QuarkusTest
class SummaryAnswerTests {

  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject SettableTimeSource clock;

  long campaign;

  @BeforeEach
  void setUp() {
    db.reset();
    clock.set(MONDAY_9AM);
    campaign = fixtures.campaign("acme", "Renewals").maxConcurrentCalls(3).create();
    fixtures.contacts(campaign, 5);
  }

  @AfterEach
  void tearDown() {
    clock.reset();
  }

  long runs() {
    return db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs");
  }

  @Test
  void aSummaryTickLeavesOutCampaignsAndKeepsTheTotals() {
    Api.cron()
        .queryParam("summary", "true")
        .post("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("campaigns")))
        .body("status", equalTo("COMPLETED"))
        .body("processed", equalTo(1))
        .body("launched", equalTo(3))
        .body("errors.size()", equalTo(0))
        .body("nextRunAt", equalTo("2026-11-23T09:01:00Z"));
    // The run itself is whole: the same launches as without the flag.
    assertEquals(
        3L,
        db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE campaign_id = ?", campaign));

    clock.advance(Duration.ofMinutes(1));
    Api.cron()
        .queryParam("summary", "TRUE")
        .get("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("campaigns")))
        .body("status", equalTo("COMPLETED"));
  }

  @Test
  void withoutTheFlagOrWithFalseTheAnswerListsCampaigns() {
    Api.cron()
        .queryParam("summary", "false")
        .post("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("campaigns.size()", equalTo(1))
        .body("campaigns[0].launched", equalTo(3));
    Api.admin()
        .post("/api/scheduler/run")
        .then()
        .statusCode(200)
        .body("campaigns.size()", equalTo(1));
  }

  @Test
  void aManualRunTakesTheFlagToo() {
    Api.admin()
        .queryParam("organizationId", "acme")
        .queryParam("summary", "true")
        .post("/api/scheduler/run")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("campaigns")))
        .body("trigger", equalTo("MANUAL"))
        .body("launched", equalTo(3));
  }

  @Test
  void aBadValueIsA400AndRunsNothing() {
    Api.cron()
        .queryParam("summary", "yes")
        .post("/api/scheduler/tick")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("summary must be true or false"));
    Api.admin()
        .queryParam("summary", "1")
        .post("/api/scheduler/run")
        .then()
        .statusCode(400)
        .body("message", containsString("summary"));
    assertEquals(0L, runs());
    assertEquals(0L, db.scalar(Long.class, "SELECT count(*) FROM call_jobs"));
  }
}
