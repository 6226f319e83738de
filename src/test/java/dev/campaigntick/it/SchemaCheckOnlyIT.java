package dev.campaigntick.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.campaigntick.support.PackagedAppDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact as the Lambda runs it: no migration at start, only a schema check, which
 * runs beside the rest of start-up. Against a database nobody migrated, it still starts (live) and
 * says so where an operator looks: readiness is DOWN with the pending migrations.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(
    value = SchemaCheckOnlyIT.UnmigratedDatabase.class,
    restrictToAnnotatedClass = true)
class SchemaCheckOnlyIT {

  /** The packaged app's database, with migrating at start turned off. */
  public static class UnmigratedDatabase extends PackagedAppDatabase {
    @Override
    public Map<String, String> start() {
      Map<String, String> config = new HashMap<>(super.start());
      config.put("campaign-tick.migrate-at-start", "false");
      return config;
    }
  }

  @Test
  void startsLiveButNotReadyOnAnUnmigratedDatabase() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.name", hasItem("schema"))
        .body("checks.find { it.name == 'schema' }.data.version", equalTo("none"));
  }
}
