package dev.campaigntick.tick;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TickAuthTests {

  @Inject TestDatabase db;

  @BeforeEach
  void reset() {
    db.reset();
  }

  @Test
  void refusesATickWithoutSecret() {
    given()
        .post("/api/scheduler/tick")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"))
        .body("message", not(containsString(Api.CRON_SECRET)));
  }

  @Test
  void refusesAWrongSecretInEitherHeader() {
    given().header("X-Cron-Secret", "nope").post("/api/scheduler/tick").then().statusCode(401);
    given()
        .header("Authorization", "Bearer nope")
        .post("/api/scheduler/tick")
        .then()
        .statusCode(401);
    given()
        .header("X-Cron-Secret", Api.CRON_SECRET + "x")
        .post("/api/scheduler/tick")
        .then()
        .statusCode(401);
  }

  @Test
  void acceptsTheSecretInXCronSecret() {
    given()
        .header("X-Cron-Secret", Api.CRON_SECRET)
        .post("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("trigger", equalTo("CRON"));
  }

  @Test
  void acceptsTheSecretAsBearerTokenOnGet() {
    given()
        .header("Authorization", "Bearer " + Api.CRON_SECRET)
        .get("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("trigger", equalTo("CRON"));
  }

  @Test
  void acceptsTheSecretBeingRotatedOut() {
    given()
        .header("X-Cron-Secret", Api.PREVIOUS_CRON_SECRET)
        .post("/api/scheduler/tick")
        .then()
        .statusCode(200);
  }

  @Test
  void neverTakesTheAdminTokenAsCronSecretNorTheReverse() {
    given()
        .header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
        .post("/api/scheduler/tick")
        .then()
        .statusCode(401);
    given()
        .header("Authorization", "Bearer " + Api.CRON_SECRET)
        .post("/api/scheduler/run")
        .then()
        .statusCode(401);
  }

  @Test
  void manualRunNeedsTheAdminToken() {
    given()
        .header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
        .post("/api/scheduler/run")
        .then()
        .statusCode(200)
        .body("trigger", equalTo("MANUAL"));
  }
}
