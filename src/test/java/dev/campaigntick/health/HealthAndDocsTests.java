package dev.campaigntick.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.campaigntick.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndDocsTests {

  @Test
  void isLive() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void isReadyWithDatabaseAndMigrations() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("schema"))
        .body("checks.find { it.name == 'schema' }.data.pending", equalTo(0));
  }

  @Test
  void exposesPrometheusMetricsOfRuns() {
    Api.cron().post("/api/scheduler/tick").then().statusCode(200);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("campaign_tick_runs_total"))
        .body(containsString("campaign_tick_jobs{status=\"QUEUED\"}"))
        .body(containsString("campaign_tick_run_duration_seconds_bucket"));
  }

  @Test
  void publishesOpenApi() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/api/scheduler/tick"))
        .body(containsString("/api/campaigns/{id}/contacts"))
        .body(containsString("\"adminToken\""))
        .body(containsString("X-Cron-Secret"))
        .body(containsString("#/components/schemas/Error"));
  }
}
