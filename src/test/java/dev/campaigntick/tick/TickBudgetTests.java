package dev.campaigntick.tick;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.SlowRoute;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TickBudgetTests {

  @Inject TestDatabase db;

  @BeforeEach
  void reset() {
    db.reset();
  }

  /**
   * The caller waits for the whole request, so the budget counts from its arrival: time spent
   * before the service (routing, authentication, a fresh process loading classes) is spent budget.
   */
  @Test
  void theBudgetCountsFromTheRequestsArrivalNotFromTheService() {
    Api.cron()
        .header(SlowRoute.HEADER, "1500")
        .post("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("status", equalTo("COMPLETED"))
        .body("durationMs", greaterThanOrEqualTo(1500));
  }
}
