package dev.campaigntick.tick;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(UnconfiguredSecretsTests.NoSecrets.class)
class UnconfiguredSecretsTests {

  /** The function as deployed by someone who forgot to set its secrets. */
  public static class NoSecrets implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "campaign-tick.cron-secret", "",
          "campaign-tick.admin-token", " , ",
          "campaign-tick.webhook-secret", "");
    }
  }

  @Test
  void failsClosedWhenCronSecretIsUnset() {
    given()
        .header("X-Cron-Secret", "")
        .post("/api/scheduler/tick")
        .then()
        .statusCode(503)
        .body("error", equalTo("not_configured"))
        .body("message", containsString("CRON_SECRET"));
    given().get("/api/scheduler/tick").then().statusCode(503);
  }

  @Test
  void failsClosedWhenWebhookSecretIsUnset() {
    given()
        .contentType("application/json")
        .header("X-Signature", "t=1,v1=00")
        .body("{}")
        .post("/api/calls/events")
        .then()
        .statusCode(503)
        .body("error", equalTo("not_configured"))
        .body("message", containsString("WEBHOOK_SECRET"));
  }

  @Test
  void failsClosedWhenAdminTokenIsUnset() {
    given()
        .header("Authorization", "Bearer ")
        .get("/api/automation")
        .then()
        .statusCode(503)
        .body("error", equalTo("not_configured"))
        .body("message", containsString("ADMIN_TOKEN"));
  }

  @Test
  void closesTheDashboardWhenAdminTokenIsUnset() {
    given().get("/dashboard/sign-in").then().statusCode(503).body(containsString("ADMIN_TOKEN"));
    given()
        .formParam("token", "")
        .post("/dashboard/sign-in")
        .then()
        .statusCode(503)
        .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    given()
        .redirects()
        .follow(false)
        .get("/dashboard")
        .then()
        .statusCode(303)
        .header("Location", org.hamcrest.Matchers.endsWith("/dashboard/sign-in"));
  }
}
