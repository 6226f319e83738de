package dev.campaigntick.provider;

import static dev.campaigntick.support.Ticks.tick;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed status callbacks: signatures, idempotence, retries and freed capacity. */
@QuarkusTest
class CallEventsTests {

  static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
  static final String KEY = "test-webhook-secret";

  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject SettableTimeSource clock;

  long campaign;
  long contact;
  String callId;

  @BeforeEach
  void setUp() {
    db.reset();
    clock.set(NOW);
    campaign = fixtures.campaign("acme", "Callbacks").maxConcurrentCalls(1).create();
    contact = fixtures.contact(campaign, "+15550000001", null);
    fixtures.contact(campaign, "+15550000002", null);
    tick();
    callId =
        db.scalar(
            String.class, "SELECT provider_call_id FROM call_jobs WHERE contact_id = ?", contact);
  }

  @AfterEach
  void tearDown() {
    clock.reset();
  }

  static ValidatableResponse post(String body, String signature) {
    var request = given().contentType("application/json").body(body);
    if (signature != null) {
      request = request.header("X-Signature", signature);
    }
    return request.post("/api/calls/events").then();
  }

  static String signed(String body, Instant at) {
    return WebhookVerifier.sign(KEY, at.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
  }

  String event(String status) {
    return "{\"providerCallId\":\""
        + callId
        + "\",\"status\":\""
        + status
        + "\",\"durationSeconds\":42}";
  }

  String jobStatus() {
    return db.scalar(
        String.class,
        "SELECT status FROM call_jobs WHERE contact_id = ? ORDER BY id LIMIT 1",
        contact);
  }

  @Test
  void completesTheJobAndContactAndFreesCapacity() {
    String body = event("completed");
    post(body, signed(body, NOW)).statusCode(200).body("changed", equalTo(true));
    assertEquals("COMPLETED", jobStatus());
    assertEquals(
        "DONE", db.scalar(String.class, "SELECT state FROM contacts WHERE id = ?", contact));
    assertEquals(
        42,
        db.scalar(
            Integer.class,
            "SELECT (result->>'durationSeconds')::int FROM call_jobs WHERE contact_id = ?",
            contact));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(1, tick().getInt("launched"), "the freed slot goes to the next contact");
  }

  @Test
  void aReplayChangesNothing() {
    String body = event("completed");
    post(body, signed(body, NOW)).statusCode(200).body("changed", equalTo(true));
    post(body, signed(body, NOW)).statusCode(200).body("changed", equalTo(false));
    String failed = event("failed");
    post(failed, signed(failed, NOW)).statusCode(200).body("changed", equalTo(false));
    assertEquals("COMPLETED", jobStatus());
  }

  @Test
  void aFailedCallIsRetriedWhileAttemptsRemain() {
    String body = event("no_answer");
    post(body, signed(body, NOW)).statusCode(200).body("status", equalTo("FAILED"));
    assertEquals(
        "PENDING", db.scalar(String.class, "SELECT state FROM contacts WHERE id = ?", contact));
    assertEquals(
        1, db.scalar(Integer.class, "SELECT attempts_made FROM contacts WHERE id = ?", contact));
  }

  @Test
  void findsTheCallByQueueJobIdToo() {
    String key =
        db.scalar(String.class, "SELECT queue_job_id FROM call_jobs WHERE contact_id = ?", contact);
    String body = "{\"queueJobId\":\"" + key + "\",\"status\":\"busy\"}";
    post(body, signed(body, NOW)).statusCode(200).body("changed", equalTo(true));
  }

  @Test
  void aQueueJobIdNamingAnotherCampaignOrAttemptOrNoFormIsUnknown() {
    String key =
        db.scalar(String.class, "SELECT queue_job_id FROM call_jobs WHERE contact_id = ?", contact);
    for (String other :
        new String[] {
          key.replaceFirst("^c" + campaign, "c" + (campaign + 1)),
          key.replaceFirst("-a1$", "-a2"),
          key + "x",
          "c1-ct99999999999999999999-a1"
        }) {
      String body = "{\"queueJobId\":\"" + other + "\",\"status\":\"busy\"}";
      post(body, signed(body, NOW)).statusCode(404).body("error", equalTo("not_found"));
    }
    assertEquals("ACTIVE", jobStatus());
  }

  @Test
  void refusesMissingWrongOrStaleSignatures() {
    String body = event("completed");
    post(body, null).statusCode(401).body("error", equalTo("unauthorized"));
    post(body, "t=" + NOW.getEpochSecond() + ",v1=deadbeef").statusCode(401);
    post(
            body,
            WebhookVerifier.sign(
                "other-key", NOW.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)))
        .statusCode(401);
    post(body, signed(body, NOW.minusSeconds(301)))
        .statusCode(401)
        .body("message", containsString("5 minutes"));
    post(body, signed(body, NOW.plusSeconds(301))).statusCode(401);
    post(body + " ", signed(body, NOW)).statusCode(401);
    assertEquals("ACTIVE", jobStatus());
  }

  @Test
  void acceptsAnyOfSeveralSignaturesWithinTolerance() {
    String body = event("completed");
    String good = signed(body, NOW.minusSeconds(299));
    String header = good.replace(",v1=", ",v1=00ff,v1=");
    post(body, header).statusCode(200).body("changed", equalTo(true));
  }

  @Test
  void anEventTheDatabaseCannotStoreIsA400SoTheProviderStopsRetrying() {
    String nul = event("completed").replace("}", ",\"note\":\"\\u0000\"}");
    post(nul, signed(nul, NOW)).statusCode(400).body("message", containsString("NUL"));
    assertEquals("ACTIVE", jobStatus());
  }

  @Test
  void anUnknownCallIs404AndABadStatus400() {
    String unknown = "{\"providerCallId\":\"nope\",\"status\":\"completed\"}";
    post(unknown, signed(unknown, NOW)).statusCode(404).body("error", equalTo("not_found"));
    String bad = "{\"providerCallId\":\"" + callId + "\",\"status\":\"exploded\"}";
    post(bad, signed(bad, NOW)).statusCode(400).body("message", containsString("status"));
    String malformed = "{\"providerCallId\":";
    post(malformed, signed(malformed, NOW)).statusCode(400);
  }
}
