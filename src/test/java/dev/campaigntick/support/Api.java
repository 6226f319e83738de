package dev.campaigntick.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Authenticated REST Assured requests with the test profile's secrets. */
public final class Api {

  public static final String CRON_SECRET = "test-cron-secret";
  public static final String PREVIOUS_CRON_SECRET = "test-cron-secret-previous";
  public static final String ADMIN_TOKEN = "test-admin-token";

  private Api() {}

  /** A request the cron would send. */
  public static RequestSpecification cron() {
    return given().header("X-Cron-Secret", CRON_SECRET);
  }

  /** A request an operator would send. */
  public static RequestSpecification admin() {
    return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
  }
}
