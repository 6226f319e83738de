package dev.campaigntick.dispatch;

import static dev.campaigntick.support.Ticks.tick;
import static dev.campaigntick.support.Ticks.tickAfter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.PoolBackends;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batch with the default, simulated provider: lifecycle, caps, windows, do-not-call. */
@QuarkusTest
class CampaignBatchTests {

  /** A Monday, 09:00 UTC. */
  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  static final Duration MINUTE = Duration.ofMinutes(1);

  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject SettableTimeSource clock;

  @BeforeEach
  void setUp() {
    db.reset();
    clock.set(MONDAY_9AM);
  }

  @AfterEach
  void tearDown() {
    clock.reset();
  }

  long jobs(long campaignId, String status) {
    return db.scalar(
        Long.class,
        "SELECT count(*) FROM call_jobs WHERE campaign_id = ? AND status = ?",
        campaignId,
        status);
  }

  static JsonPath manualRun() {
    return Api.admin().post("/api/scheduler/run").then().statusCode(200).extract().jsonPath();
  }

  Map<String, Object> campaignReport(JsonPath answer, long campaignId) {
    return answer.getMap("campaigns.find { it.campaignId == " + campaignId + " }");
  }

  @Test
  void activatesADueCampaignAndCopiesItsListOnce() {
    long list = fixtures.list("acme", "Renewals", 4);
    long id = fixtures.campaign("acme", "Renewals").scheduledAt(MONDAY_9AM).list(list).create();
    JsonPath answer = tick();
    Map<String, Object> report = campaignReport(answer, id);
    assertEquals("SCHEDULED", report.get("previousStatus"));
    assertEquals("RUNNING", report.get("newStatus"));
    assertEquals(true, report.get("recipientsGenerated"));
    assertEquals(4, report.get("recipientCount"));
    assertEquals(4, report.get("launched"));
    assertEquals(4, answer.getInt("launched"));
    assertEquals(
        4L, db.scalar(Long.class, "SELECT count(*) FROM contacts WHERE campaign_id = ?", id));
    // Later ticks never copy the list again.
    tickAfter(clock, MINUTE);
    assertEquals(
        4L, db.scalar(Long.class, "SELECT count(*) FROM contacts WHERE campaign_id = ?", id));
  }

  @Test
  void aCampaignScheduledLaterWaits() {
    long id = fixtures.campaign("acme", "Later").scheduledAt(MONDAY_9AM.plusSeconds(90)).create();
    fixtures.contacts(id, 3);
    assertEquals(0, tick().getInt("launched"));
    assertEquals(0, tickAfter(clock, MINUTE).getInt("launched"));
    assertEquals(3, tickAfter(clock, MINUTE).getInt("launched"));
  }

  @Test
  void neverHasMoreCallsInFlightThanItsCap() {
    long id = fixtures.campaign("acme", "Capped").maxConcurrentCalls(3).create();
    fixtures.contacts(id, 10);
    JsonPath first = tick();
    assertEquals(3, first.getInt("launched"));
    assertEquals(3L, jobs(id, "ACTIVE"));
    clock.advance(Duration.ofSeconds(20)); // simulated calls last 30 s: all three still on
    JsonPath second = manualRun();
    assertEquals(0, second.getInt("launched"));
    assertEquals("at_capacity", campaignReport(second, id).get("skipReason"));
    // The calls end: capacity frees and the next three go out.
    JsonPath third = tickAfter(clock, MINUTE);
    assertEquals(3, third.getInt("launched"));
    assertTrue(jobs(id, "QUEUED") + jobs(id, "ACTIVE") <= 3);
  }

  @Test
  void stopsAtTheDailyCapUntilLocalMidnight() {
    long id =
        fixtures
            .campaign("acme", "Daily")
            .timezone("America/New_York")
            .maxConcurrentCalls(100)
            .dailyCallCap(5)
            .create();
    fixtures.contacts(id, 20);
    // 09:00 UTC is 04:00 in New York: the local day runs until 05:00 UTC tomorrow.
    assertEquals(5, tick().getInt("launched"));
    JsonPath capped = tickAfter(clock, Duration.ofHours(12));
    assertEquals(0, capped.getInt("launched"));
    assertEquals("daily_cap", campaignReport(capped, id).get("skipReason"));
    clock.set(Instant.parse("2026-11-24T04:59:00Z"));
    assertEquals(0, tick().getInt("launched"));
    clock.set(Instant.parse("2026-11-24T05:00:00Z")); // midnight in New York
    assertEquals(5, tick().getInt("launched"));
  }

  @Test
  void holdsTheRateLimitPerMinute() {
    long id = fixtures.campaign("acme", "Rate").maxConcurrentCalls(100).callsPerMinute(4).create();
    fixtures.contacts(id, 20);
    assertEquals(4, tick().getInt("launched"));
    JsonPath limited = manualRun();
    assertEquals(0, limited.getInt("launched"));
    assertEquals("rate_limited", campaignReport(limited, id).get("skipReason"));
    assertEquals(4, tickAfter(clock, MINUTE).getInt("launched"));
  }

  @Test
  void neverCallsOutsideTheWindowAndStartsAtItsEdge() {
    long id =
        fixtures
            .campaign("acme", "Office hours")
            .timezone("Europe/Berlin")
            .window("10:30", "17:00", "{1,2,3,4,5}")
            .create();
    fixtures.contacts(id, 2);
    clock.set(Instant.parse("2026-11-23T09:29:00Z")); // 10:29 in Berlin
    JsonPath closed = tick();
    assertEquals(0, closed.getInt("launched"));
    assertEquals("outside_window", campaignReport(closed, id).get("skipReason"));
    assertEquals(2, tickAfter(clock, MINUTE).getInt("launched")); // 10:30
  }

  @Test
  void closesAtTheWindowEndAcrossMidnightAndTheWeekend() {
    long id =
        fixtures
            .campaign("acme", "Weekdays in Tokyo")
            .timezone("Asia/Tokyo")
            .window("09:00", "18:00", "{1,2,3,4,5}")
            .maxConcurrentCalls(1)
            .create();
    fixtures.contacts(id, 3);
    // Friday 2026-11-27 17:59 in Tokyo = 08:59 UTC: open.
    clock.set(Instant.parse("2026-11-27T08:59:00Z"));
    assertEquals(1, tick().getInt("launched"));
    db.execute("UPDATE call_jobs SET status = 'COMPLETED', completed_at = started_at");
    db.execute("UPDATE contacts SET state = 'DONE' WHERE state = 'IN_PROGRESS'");
    // 18:00 Friday in Tokyo: closed, and closed all weekend (Saturday and Sunday local).
    assertEquals(0, tickAfter(clock, MINUTE).getInt("launched"));
    clock.set(Instant.parse("2026-11-28T03:00:00Z")); // Saturday noon in Tokyo
    assertEquals(0, tick().getInt("launched"));
    clock.set(Instant.parse("2026-11-29T23:59:00Z")); // Monday 08:59 in Tokyo
    assertEquals(0, tick().getInt("launched"));
    clock.set(Instant.parse("2026-11-30T00:00:00Z")); // Monday 09:00 in Tokyo
    assertEquals(1, tick().getInt("launched"));
  }

  @Test
  void aContactsOwnTimeZoneDecidesItsWindow() {
    long id =
        fixtures
            .campaign("acme", "Mixed zones")
            .timezone("UTC")
            .window("09:00", "17:00", "{1,2,3,4,5,6,7}")
            .create();
    long local = fixtures.contact(id, "+15550000001", null);
    long sydney = fixtures.contact(id, "+61400000001", "Australia/Sydney"); // 20:00 there
    JsonPath answer = tick();
    assertEquals(1, answer.getInt("launched"));
    assertEquals(
        local, db.scalar(Long.class, "SELECT contact_id FROM call_jobs WHERE campaign_id = ?", id));
    assertEquals(
        "PENDING", db.scalar(String.class, "SELECT state FROM contacts WHERE id = ?", sydney));
  }

  @Test
  void skipsDoNotCallNumbersWithAReason() {
    long id = fixtures.campaign("acme", "DNC").create();
    fixtures.contact(id, "+15550000001", null);
    long blocked = fixtures.contact(id, "+15550000002", null);
    fixtures.doNotCall("+15550000002");
    JsonPath answer = tick();
    assertEquals(1, answer.getInt("launched"));
    assertEquals(1, answer.getInt("skipped"));
    assertEquals(
        "SKIPPED",
        db.scalar(String.class, "SELECT status FROM call_jobs WHERE contact_id = ?", blocked));
    assertEquals(
        "do_not_call",
        db.scalar(
            String.class, "SELECT result->>'reason' FROM call_jobs WHERE contact_id = ?", blocked));
  }

  @Test
  void completesACampaignWhenEveryContactIsDone() {
    long id = fixtures.campaign("acme", "Short").create();
    fixtures.contacts(id, 2);
    tick();
    // The simulated calls end; with nothing left the campaign completes in the same tick.
    JsonPath done = tickAfter(clock, MINUTE);
    assertEquals(2L, jobs(id, "COMPLETED"));
    assertEquals("RUNNING", campaignReport(done, id).get("previousStatus"));
    assertEquals("COMPLETED", campaignReport(done, id).get("newStatus"));
    assertEquals(
        "DONE,DONE",
        String.join(
            ",", db.column(String.class, "SELECT state FROM contacts WHERE campaign_id = ?", id)));
  }

  @Test
  void aManualRunForOneOrganizationLeavesTheOthersAlone() {
    long mine = fixtures.campaign("acme", "Mine").create();
    fixtures.contacts(mine, 2);
    long theirs = fixtures.campaign("globex", "Theirs").create();
    fixtures.contacts(theirs, 2);
    JsonPath answer =
        Api.admin()
            .queryParam("organizationId", "acme")
            .post("/api/scheduler/run")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(2, answer.getInt("launched"));
    assertEquals(2L, jobs(mine, "ACTIVE"));
    assertEquals(0L, jobs(theirs, "ACTIVE"));
  }

  @Test
  void saysWhyARunningCampaignWithNothingDueLaunchesNothing() {
    long id = fixtures.campaign("acme", "Waiting").retryBackoffSeconds(600).create();
    long contact = fixtures.contact(id, "+15550000001", null);
    db.execute(
        "UPDATE contacts SET next_attempt_at = ? WHERE id = ?",
        MONDAY_9AM.plusSeconds(600),
        contact);
    JsonPath answer = tick();
    assertEquals(0, answer.getInt("launched"));
    assertEquals("no_pending_contacts", campaignReport(answer, id).get("skipReason"));
    assertEquals("RUNNING", campaignReport(answer, id).get("newStatus"));
  }

  @Test
  void aPausedCampaignLaunchesNothing() {
    long id = fixtures.campaign("acme", "Paused").status("PAUSED").create();
    fixtures.contacts(id, 2);
    assertEquals(0, tick().getInt("launched"));
  }

  @Test
  void sharesTheWaveRoundRobinWhateverJoinThePlannerPicks() throws Exception {
    // A hash join between the round-robin pick and the insert that numbers the jobs reorders
    // rows: the numbering must not depend on the join.
    PoolBackends.withDatabaseSettings(
        Map.of("enable_nestloop", "off", "enable_mergejoin", "off"),
        this::sharesTheWaveRoundRobinSoNoCampaignStarves);
  }

  @Test
  void sharesTheWaveRoundRobinSoNoCampaignStarves() {
    long big = fixtures.campaign("acme", "Huge").maxConcurrentCalls(10_000).create();
    fixtures.contacts(big, 300);
    long small = fixtures.campaign("zeta", "Small").maxConcurrentCalls(10_000).create();
    fixtures.contacts(small, 5);
    JsonPath answer = tick();
    assertEquals(305, answer.getInt("launched"));
    // The first jobs of the tick alternate between the organizations.
    assertEquals(
        "acme,zeta,acme,zeta",
        String.join(
            ",",
            db.column(String.class, "SELECT organization_id FROM call_jobs ORDER BY id LIMIT 4")));
  }
}
