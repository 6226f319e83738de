package dev.campaigntick.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.campaigntick.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ErrorShapeTests {

  @Test
  void unknownRouteIsA404InTheErrorShape() {
    Api.admin()
        .get("/api/nothing-here")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"))
        .body("message", notNullValue());
  }

  @Test
  void malformedJsonIsA400InTheErrorShape() {
    Api.admin()
        .body("{\"enabled\": tru")
        .put("/api/automation")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", not(containsString("at ")));
  }

  @Test
  void aWrongTypeNamesTheField() {
    Api.admin()
        .body("{\"enabled\": \"sometimes\"}")
        .put("/api/automation")
        .then()
        .statusCode(400)
        .body("message", containsString("enabled"));
  }

  @Test
  void aMissingFieldNamesIt() {
    Api.admin()
        .body("{}")
        .put("/api/automation")
        .then()
        .statusCode(400)
        .body("message", containsString("enabled"));
  }

  @Test
  void wrongContentTypeIs415() {
    Api.admin()
        .contentType("text/plain")
        .body("enabled")
        .put("/api/automation")
        .then()
        .statusCode(415)
        .body("error", equalTo("unsupported_media_type"));
  }

  @Test
  void wrongMethodIs405() {
    given()
        .header("X-Cron-Secret", Api.CRON_SECRET)
        .delete("/api/scheduler/tick")
        .then()
        .statusCode(405)
        .body("error", equalTo("method_not_allowed"));
  }
}
