package dev.campaigntick.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.qute.Engine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

/**
 * Qute's engine (which parses every dashboard template) is built by the first page, not at start: a
 * tick never renders one. Its own profile, so the application starts fresh for it.
 */
@QuarkusTest
@TestProfile(LazyTemplateEngineTests.FreshStart.class)
class LazyTemplateEngineTests {

  /** No settings of its own: only a start no other test class has rendered a page in. */
  public static class FreshStart implements QuarkusTestProfile {}

  /** Quarkus fires the engine as an event once it has built it. */
  @Singleton
  static class EngineWatch {
    volatile boolean built;

    void onBuilt(@Observes Engine engine) {
      built = true;
    }
  }

  @Inject EngineWatch watch;

  @Test
  void theFirstPageBuildsTheEngineAStartDoesNot() {
    given().post("/api/scheduler/tick").then().statusCode(401);
    given().get("/q/health/ready").then().statusCode(200);
    assertFalse(watch.built, "started and answered without building Qute's engine");

    given().get("/dashboard/sign-in").then().statusCode(200);
    assertTrue(watch.built, "the sign-in page built it");
  }
}
