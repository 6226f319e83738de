package dev.campaigntick.tick;

import static org.hamcrest.Matchers.equalTo;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CRON_INTERVAL_SECONDS: a finer interval than whole minutes, for fast schedulers and benchmarks.
 */
@QuarkusTest
@TestProfile(SecondsIntervalTests.TenSeconds.class)
class SecondsIntervalTests {

  public static class TenSeconds implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("campaign-tick.cron-interval-seconds", "10");
    }
  }

  static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

  @Inject TestDatabase db;
  @Inject SettableTimeSource clock;

  @AfterEach
  void releaseTime() {
    clock.reset();
  }

  @Test
  void gatesTicksOnTheIntervalInSeconds() {
    db.reset();
    clock.set(T0);
    Api.cron()
        .post("/api/scheduler/tick")
        .then()
        .body("status", equalTo("COMPLETED"))
        .body("nextRunAt", equalTo("2026-11-23T09:00:10Z"));
    clock.advance(Duration.ofSeconds(4)); // 6 s early: more than the 5-s jitter tolerance
    Api.cron()
        .post("/api/scheduler/tick")
        .then()
        .body("status", equalTo("SKIPPED"))
        .body("skipReason", equalTo("interval"));
    clock.advance(Duration.ofSeconds(6));
    Api.cron().post("/api/scheduler/tick").then().body("status", equalTo("COMPLETED"));
    Api.admin()
        .get("/api/scheduler/health")
        .then()
        .body("intervalSeconds", equalTo(10))
        .body("nextRunDueAt", equalTo("2026-11-23T09:00:20Z"));
  }
}
