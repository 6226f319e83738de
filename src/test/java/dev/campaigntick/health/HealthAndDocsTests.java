package dev.campaigntick.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Packaging;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
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

  /**
   * JVM and process gauges where a scraper reaches one long-lived process (the container), none in
   * the Lambda build, whose environments each hold their own registry (the pom's lambda profile).
   */
  @Test
  void reportsJvmGaugesOutsideLambdaOnly() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    for (String gauge : List.of("jvm_memory_used_bytes", "process_uptime_seconds")) {
      assertEquals(
          !Packaging.isLambda(),
          metrics.contains(gauge),
          gauge + (Packaging.isLambda() ? " in the Lambda build" : " missing"));
    }
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
        .body(containsString("#/components/schemas/Error"))
        // Built at build time by the plugin with ErrorResponsesFilter: every operation documents
        // the error shape, JsonNode fields are any JSON value, and the document leaves itself out.
        .body(
            "paths.'/api/campaigns'.post.responses.'400'.content.'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/Error"))
        .body(
            "components.schemas.Job.properties.result.'$ref'",
            equalTo("#/components/schemas/AnyJson"))
        .body("paths.keySet()", not(hasItem(startsWith("/q/"))));
  }

  @Test
  void servesTheDocumentAsYamlUnlessJsonIsAskedFor() {
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .contentType(startsWith("application/yaml"))
        .body(startsWith("---"))
        .body(containsString("/api/scheduler/tick:"));
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .contentType(startsWith("application/json"))
        .body("info.title", equalTo("campaign-tick"));
    given().get("/q/openapi.json").then().statusCode(200).body("openapi", startsWith("3."));
    given()
        .queryParam("format", "YAML")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .contentType(startsWith("application/yaml"));
    // Blank is absent, as for every optional query parameter (QueryParams).
    given()
        .queryParam("format", "")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .contentType(startsWith("application/yaml"));
    given()
        .get("/q/openapi.yml")
        .then()
        .statusCode(200)
        .contentType(startsWith("application/yaml"));
  }

  @Test
  void refusesAFormatItDoesNotServe() {
    given()
        .queryParam("format", "xml")
        .get("/q/openapi")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", equalTo("format must be json or yaml"));
  }
}
