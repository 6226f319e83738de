package dev.campaigntick.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.PackagedAppDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact (the JVM jar here, the native executable where a native build ran), started
 * as its own process in the prod profile against a real PostgreSQL: it migrates, ticks, gates and
 * reports healthy.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedAppDatabase.class, restrictToAnnotatedClass = true)
class PackagedTickIT {

  @Test
  void ticksGatesAndReportsHealthy() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .header("X-Cron-Secret", Api.CRON_SECRET)
        .post("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("runId", notNullValue())
        .body("status", equalTo("COMPLETED"));
    given()
        .header("X-Cron-Secret", Api.CRON_SECRET)
        .post("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("status", equalTo("SKIPPED"))
        .body("skipReason", equalTo("interval"));
    given()
        .post("/api/scheduler/tick")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
    Api.admin()
        .get("/api/scheduler/health")
        .then()
        .statusCode(200)
        .body("schedulerOnline", equalTo(true));
  }
}
