package dev.campaigntick.provider;

import static dev.campaigntick.support.Ticks.tick;
import static dev.campaigntick.support.Ticks.tickAfter;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.support.HttpProviderProfile;
import dev.campaigntick.support.HttpProviderTestBase;
import dev.campaigntick.support.ProviderStub;
import dev.campaigntick.support.ProviderStub.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batch against a real HTTP provider stub: the wire contract, failures, retries, budget. */
@QuarkusTest
@TestProfile(HttpProviderProfile.class)
class HttpProviderTests extends HttpProviderTestBase {

  @Inject ObjectMapper mapper;
  @Inject CallProvider provider;
  @Inject Vertx vertx;

  String jobField(long contactId, String column) {
    return db.scalar(
        String.class,
        "SELECT " + column + "::text FROM call_jobs WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
        contactId);
  }

  @Test
  void sendsTheContractsRequestWithTokenAndIdempotencyKey() throws Exception {
    long campaign = fixtures.campaign("acme", "Wire").agent("{\"voice\":\"alloy\"}").create();
    long contact = fixtures.contact(campaign, "+15550000001", null);
    db.execute(
        "UPDATE contacts SET name = 'Ada', attributes = '{\"plan\":\"gold\"}' WHERE id = ?",
        contact);
    JsonPath answer = tick();
    assertEquals(1, answer.getInt("launched"));
    ProviderStub.Request request = stub.requests().get(0);
    assertEquals("Bearer " + HttpProviderProfile.PROVIDER_TOKEN, request.authorization());
    String key = jobField(contact, "queue_job_id");
    assertEquals(key, request.idempotencyKey());
    JsonNode body = mapper.readTree(request.body());
    assertEquals(key, body.get("queueJobId").asText());
    assertEquals(campaign, body.get("campaignId").asLong());
    assertEquals("acme", body.get("organizationId").asText());
    assertEquals("+15550000001", body.get("contact").get("phone").asText());
    assertEquals("Ada", body.get("contact").get("name").asText());
    assertEquals("gold", body.get("contact").get("attributes").get("plan").asText());
    assertEquals("alloy", body.get("agent").get("voice").asText());
    assertTrue(body.get("callbackUrl").asText().endsWith("/api/calls/events"));
    assertEquals("ACTIVE", jobField(contact, "status"));
    assertTrue(jobField(contact, "provider_call_id").startsWith("call-"));
  }

  @Test
  void aLaunchFromAWorkerThreadIsAnsweredOnAnEventLoop() throws Exception {
    // The tick sends from a worker thread. Fault Tolerance hands a guarded call and its answer
    // back through the Vert.x context it was called on: guarded there, every answer (and the next
    // launch it starts) would cross the blocking pool, two thread hops a launch.
    // The answer is held until the callback is attached: an answer already in when it is
    // attached would run it on the attaching (worker) thread, whatever thread answered.
    CompletableFuture<Void> attached = new CompletableFuture<>();
    stub.answer(r -> Answer.accept("call-thread-check").heldUntil(attached));
    LaunchRequest request =
        new LaunchRequest(1, "thread-check", 1, "acme", "+15550000001", null, null, null, "x");
    CompletableFuture<String> answeredOn = new CompletableFuture<>();
    vertx.executeBlocking(
        () -> {
          provider
              .launch(request)
              .thenAccept(result -> answeredOn.complete(Thread.currentThread().getName()));
          attached.complete(null);
          return null;
        });
    String thread = answeredOn.get(5, TimeUnit.SECONDS);
    assertTrue(thread.startsWith("vert.x-eventloop-thread-"), "answered on " + thread);
    assertEquals(1, stub.requests().size());
  }

  @Test
  void aConflictMeansTheProviderAlreadyHasTheCall() {
    long campaign = fixtures.campaign("acme", "Conflict").create();
    long contact = fixtures.contact(campaign, "+15550000001", null);
    stub.answer(r -> new Answer(409, "{\"id\":\"existing-call\"}", Duration.ZERO));
    assertEquals(1, tick().getInt("launched"));
    assertEquals("ACTIVE", jobField(contact, "status"));
    assertEquals("existing-call", jobField(contact, "provider_call_id"));
  }

  @Test
  void aServerErrorFailsTheAttemptAndRetriesWithBackoffUnderANewKey() {
    long campaign =
        fixtures.campaign("acme", "Retry").maxAttempts(3).retryBackoffSeconds(60).create();
    long contact = fixtures.contact(campaign, "+15550000001", null);
    stub.answer(r -> Answer.status(503));
    JsonPath first = tick();
    assertEquals(0, first.getInt("launched"));
    assertEquals(1, first.getInt("failed"));
    assertEquals("PARTIAL", first.getString("status"));
    assertEquals(
        "provider unavailable",
        first.getString("errors.find { it.campaignId == " + campaign + " }.error"));
    assertEquals("FAILED", jobField(contact, "status"));
    assertEquals("provider_unavailable", jobField(contact, "reason"));
    assertEquals(
        "2026-11-23 09:01:00+00",
        db.scalar(
            String.class, "SELECT next_attempt_at::text FROM contacts WHERE id = ?", contact));
    // Backoff not over yet: nothing is sent.
    assertEquals(0, tickAfter(clock, Duration.ofSeconds(59)).getInt("failed"));
    // Second attempt after 60 s, third after 120 s more (60 * 2^1), then the contact fails.
    assertEquals(1, tickAfter(clock, Duration.ofMinutes(1)).getInt("failed"));
    assertEquals(0, tickAfter(clock, Duration.ofSeconds(90)).getInt("failed"));
    assertEquals(1, tickAfter(clock, Duration.ofMinutes(1)).getInt("failed"));
    assertEquals(0, tickAfter(clock, Duration.ofHours(1)).getInt("failed"));
    assertEquals(
        "FAILED", db.scalar(String.class, "SELECT state FROM contacts WHERE id = ?", contact));
    assertEquals(
        "0,1,2",
        String.join(
            ",",
            db.column(
                String.class,
                "SELECT attempts_made::text FROM call_jobs WHERE contact_id = ? ORDER BY id",
                contact)));
    Map<String, Long> sends = stub.sendsPerKey();
    assertEquals(3, sends.size(), "each attempt has its own key: " + sends);
    assertTrue(sends.values().stream().allMatch(n -> n == 1), "no key sent twice: " + sends);
  }

  @Test
  void aRetryThatWouldLandOutsideTheWindowMovesToItsNextOpening() {
    long campaign =
        fixtures
            .campaign("acme", "Evening edge")
            .timezone("America/New_York")
            .window("09:00", "17:00", "{1,2,3,4,5}")
            .retryBackoffSeconds(3600)
            .create();
    long contact = fixtures.contact(campaign, "+15550000001", null);
    clock.set(Instant.parse("2026-11-27T21:30:00Z")); // Friday 16:30 in New York
    stub.answer(r -> Answer.status(500));
    assertEquals(1, tick().getInt("failed"));
    // 16:30 + 1 h = 17:30, after closing; Saturday and Sunday are closed: Monday 09:00.
    assertEquals(
        "2026-11-30 14:00:00+00",
        db.scalar(
            String.class, "SELECT next_attempt_at::text FROM contacts WHERE id = ?", contact));
  }

  @Test
  void aRejectedCampaignFailsAloneAndTheOthersLaunch() {
    long bad = fixtures.campaign("acme", "Bad agent").agent("{\"voice\":\"nope\"}").create();
    long badContact = fixtures.contact(bad, "+15550000001", null);
    long good = fixtures.campaign("acme", "Good").create();
    fixtures.contacts(good, 3);
    stub.answer(
        r ->
            r.body().contains("\"nope\"")
                ? new Answer(422, "{\"error\":\"invalid agent\"}", Duration.ZERO)
                : Answer.accept("ok-" + r.idempotencyKey()));
    JsonPath answer = tick();
    assertEquals(3, answer.getInt("launched"));
    assertEquals(1, answer.getInt("failed"));
    assertEquals("PARTIAL", answer.getString("status"));
    assertEquals(
        "provider rejected the call (422)",
        answer.getString("errors.find { it.campaignId == " + bad + " }.error"));
    assertEquals("FAILED", jobField(badContact, "status"));
    assertEquals("rejected", jobField(badContact, "reason"));
    assertEquals(
        "FAILED", db.scalar(String.class, "SELECT state FROM contacts WHERE id = ?", badContact));
  }

  @Test
  void aHangingProviderStillGetsAnAnswerInsideTheBudgetAndNothingIsLost() {
    long campaign = fixtures.campaign("acme", "Slow").maxConcurrentCalls(50).create();
    fixtures.contacts(campaign, 40);
    stub.answer(r -> Answer.accept("late").after(Duration.ofSeconds(30)));
    long started = System.nanoTime();
    JsonPath answer = tick();
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMs < HttpProviderProfile.BUDGET_MS, "answered in " + tookMs + " ms");
    assertEquals(true, answer.getBoolean("budgetExhausted"));
    assertEquals("PARTIAL", answer.getString("status"));
    assertEquals(0, answer.getInt("launched"));
    assertEquals(
        40L, db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE status = 'QUEUED'"));
    // The provider recovers (and the circuit, opened by the timeouts, closes again): the next
    // tick re-sends the queued jobs under their original keys.
    stub.reset();
    CircuitBreakerMaintenance.get().resetAll();
    JsonPath next = tickAfter(clock, Duration.ofMinutes(1));
    assertEquals(40, next.getInt("launched"));
    assertEquals(
        40L, db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE status = 'ACTIVE'"));
    assertEquals(40L, db.scalar(Long.class, "SELECT count(*) FROM call_jobs"));
  }

  @Test
  void aDeadProviderOpensTheCircuitInsteadOfBurningTheBudget() {
    long campaign = fixtures.campaign("acme", "Outage").maxConcurrentCalls(200).create();
    fixtures.contacts(campaign, 200);
    AtomicInteger calls = new AtomicInteger();
    stub.answer(
        r -> {
          calls.incrementAndGet();
          return Answer.status(503);
        });
    JsonPath answer = tick();
    assertTrue(calls.get() < 100, "stopped after " + calls.get() + " failures");
    assertTrue(
        answer.getList("errors.error", String.class).stream()
            .anyMatch(e -> e.contains("circuit open")),
        answer.prettyPrint());
    assertTrue(db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE status = 'QUEUED'") > 0);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(
        metrics.contains("ft_circuitbreaker_opened_total{method=\"call-provider\"} 1.0"),
        "the breaker's opening is a metric");
  }

  @Test
  void anUnreachableProviderIsRetryable() {
    long campaign = fixtures.campaign("acme", "Refused").retryBackoffSeconds(10).create();
    long contact = fixtures.contact(campaign, "+15550000001", null);
    stub.answer(r -> Answer.status(429));
    JsonPath answer = tick();
    assertEquals(1, answer.getInt("failed"));
    assertEquals(
        "PENDING", db.scalar(String.class, "SELECT state FROM contacts WHERE id = ?", contact));
    assertNull(db.scalar(String.class, "SELECT provider_call_id FROM call_jobs"));
  }
}
