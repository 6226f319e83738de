package dev.campaigntick.support;

import io.restassured.path.json.JsonPath;
import java.time.Duration;

/** Drives cron ticks the way a scheduler would, moving the settable clock between them. */
public final class Ticks {

  private Ticks() {}

  /** One cron tick now; the answer's JSON. */
  public static JsonPath tick() {
    return Api.cron().post("/api/scheduler/tick").then().statusCode(200).extract().jsonPath();
  }

  /** Moves the clock one interval on, then ticks. */
  public static JsonPath tickAfter(SettableTimeSource clock, Duration duration) {
    clock.advance(duration);
    return tick();
  }
}
