package dev.campaigntick.tick;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IntervalGatingTests {

  static final Instant T0 = Instant.parse("2026-11-23T09:00:00.120Z");

  @Inject TestDatabase db;
  @Inject SettableTimeSource clock;

  @BeforeEach
  void freezeTime() {
    db.reset();
    clock.set(T0);
  }

  @AfterEach
  void releaseTime() {
    clock.reset();
  }

  static ValidatableResponse tick() {
    return Api.cron().post("/api/scheduler/tick").then().statusCode(200);
  }

  @Test
  void firstTickRunsAndAnswersTheContractShape() {
    tick()
        .body("runId", notNullValue())
        .body("trigger", equalTo("CRON"))
        .body("status", equalTo("COMPLETED"))
        .body("skipReason", nullValue())
        .body("startedAt", equalTo("2026-11-23T09:00:00.120Z"))
        .body("durationMs", notNullValue())
        .body("budgetExhausted", equalTo(false))
        .body("processed", equalTo(0))
        .body("launched", equalTo(0))
        .body("failed", equalTo(0))
        .body("skipped", equalTo(0))
        .body("campaigns.size()", equalTo(0))
        .body("errors.size()", equalTo(0))
        .body("nextRunAt", equalTo("2026-11-23T09:01:00.120Z"));
  }

  @Test
  void aSecondTickWithinTheIntervalIsSkipped() {
    tick().body("status", equalTo("COMPLETED"));
    clock.advance(Duration.ofSeconds(30));
    tick()
        .body("status", equalTo("SKIPPED"))
        .body("skipReason", equalTo("interval"))
        .body("nextRunAt", equalTo("2026-11-23T09:01:00.120Z"));
  }

  @Test
  void aTickAfterTheIntervalRuns() {
    tick();
    clock.advance(Duration.ofMinutes(1));
    tick().body("status", equalTo("COMPLETED"));
  }

  @Test
  void aTickThatArrivesAFewSecondsEarlyStillRuns() {
    tick();
    clock.advance(Duration.ofSeconds(56)); // scheduler jitter: within the 5 s tolerance
    tick().body("status", equalTo("COMPLETED"));
    clock.advance(Duration.ofSeconds(54)); // 6 s early: beyond the tolerance
    tick().body("status", equalTo("SKIPPED")).body("skipReason", equalTo("interval"));
  }

  @Test
  void aManualRunBypassesTheIntervalButLeavesTheCronScheduleAlone() {
    tick();
    Api.admin()
        .post("/api/scheduler/run")
        .then()
        .statusCode(200)
        .body("trigger", equalTo("MANUAL"))
        .body("status", equalTo("COMPLETED"));
    clock.advance(Duration.ofMinutes(1));
    tick().body("status", equalTo("COMPLETED"));
  }

  @Test
  void aLiveLeaseMakesTicksBusyUntilItExpires() {
    // A run that died mid-way: it holds the lease and never released it.
    db.execute(
        "UPDATE cron_state SET lease_run_id = 999, lease_expires_at = ? WHERE id = 1",
        T0.plusSeconds(15));
    tick().body("status", equalTo("SKIPPED")).body("skipReason", equalTo("busy"));
    Api.admin()
        .post("/api/scheduler/run")
        .then()
        .body("status", equalTo("SKIPPED"))
        .body("skipReason", equalTo("busy"));
    clock.advance(Duration.ofSeconds(15));
    tick().body("status", equalTo("COMPLETED"));
  }

  @Test
  void aCompletedRunReleasesItsLease() {
    tick();
    assertEquals(0L, db.scalar(Long.class, "SELECT count(lease_run_id) FROM cron_state"));
  }

  @Test
  void disabledAutomationSkipsTicksWithoutTouchingTheSchedule() {
    Api.admin().body("{\"enabled\": false}").put("/api/automation").then().statusCode(200);
    tick().body("status", equalTo("SKIPPED")).body("skipReason", equalTo("disabled"));
    Api.admin().get("/api/automation").then().body("enabled", equalTo(false));
    Api.admin().body("{\"enabled\": true}").put("/api/automation").then().statusCode(200);
    tick().body("status", equalTo("COMPLETED"));
  }

  @Test
  void everyTickIsAHistoryRowSkippedOnesIncluded() {
    tick();
    tick();
    tick();
    assertEquals(
        "COMPLETED,SKIPPED,SKIPPED",
        String.join(",", db.column(String.class, "SELECT status FROM scheduler_runs ORDER BY id")));
    assertEquals(
        2L,
        db.scalar(
            Long.class,
            "SELECT count(*) FROM scheduler_runs WHERE skip_reason = 'interval'"
                + " AND finished_at IS NOT NULL"));
  }
}
