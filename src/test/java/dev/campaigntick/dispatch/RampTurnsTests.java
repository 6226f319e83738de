package dev.campaigntick.dispatch;

import static dev.campaigntick.support.Ticks.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.HttpProviderProfile;
import dev.campaigntick.support.HttpProviderTestBase;
import dev.campaigntick.support.StatementCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ramp's waves: with more campaigns than they hold, the second one takes the campaigns the
 * first left, in turn order; and however many waves a run claims, it plans once, each later wave
 * taking the room the earlier ones left, within every cap.
 */
@QuarkusTest
@TestProfile(RampTurnsTests.LongRamp.class)
class RampTurnsTests extends HttpProviderTestBase {

  /** 4 launches in flight and waves of up to 200: the ramp claims 16, then 64, then 200. */
  public static class LongRamp extends HttpProviderProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return withWaves(200, 4);
    }
  }

  @Test
  void rampWavesTakeTurnsAcrossCampaignsAndNeverPassACap() {
    List<Long> campaigns = fixtures.campaigns("acme", 100, 1, 2);
    // Earlier runs reached C0-C19 at 08:00 and C20-C39 at 07:00; those calls have ended.
    fixtures.reachedEarlier(campaigns.subList(0, 20), MONDAY_9AM.minus(Duration.ofHours(1)));
    fixtures.reachedEarlier(campaigns.subList(20, 40), MONDAY_9AM.minus(Duration.ofHours(2)));
    long before = db.scalar(Long.class, "SELECT max(id) FROM call_jobs");

    JsonPath answer = tick();

    // One call in flight per campaign (the cap): 100 launches, the second contacts wait.
    assertEquals(100, answer.getInt("launched"), answer.prettyPrint());
    List<Long> turns = new ArrayList<>(campaigns.subList(40, 100)); // never reached
    turns.addAll(campaigns.subList(20, 40)); // reached at 07:00
    turns.addAll(campaigns.subList(0, 20)); // reached at 08:00
    assertEquals(
        turns,
        db.column(Long.class, "SELECT campaign_id FROM call_jobs WHERE id > ? ORDER BY id", before),
        "waves of 16, 64 and the rest, one contact of each campaign in turn order");
    assertEquals(0, stub.duplicateCalls());
  }

  @Test
  void laterWavesClaimWhatTheRunsOneAdmissionLeftWithinEveryCap() {
    long capped = fixtures.campaign("acme", "Capped").maxConcurrentCalls(30).create();
    fixtures.contacts(capped, 100);
    long daily =
        fixtures.campaign("acme", "Daily").maxConcurrentCalls(100).dailyCallCap(50).create();
    fixtures.contacts(daily, 100);
    long few = fixtures.campaign("acme", "Few").maxConcurrentCalls(4).create();
    fixtures.contacts(few, 5);
    // Skipped, not called; in the run that skips them they take places of the room, as the dry run
    // counts them: the first 4 contacts are taken, the fifth waits for the next run.
    fixtures.doNotCall(Fixtures.phone(few, 1));
    fixtures.doNotCall(Fixtures.phone(few, 2));
    JsonPath preview =
        Api.admin().get("/api/scheduler/preview").then().statusCode(200).extract().jsonPath();
    boolean counted = StatementCounts.available(db);
    if (counted) {
      StatementCounts.reset(db);
    }

    JsonPath answer = tick();

    // Waves of 16, 64 and 200 (share 6, 22 and 67 a campaign): a cap is reached across waves.
    assertEquals(82, answer.getInt("launched"), answer.prettyPrint());
    assertEquals(2, answer.getInt("skipped"), answer.prettyPrint());
    assertEquals(
        List.of(30L, 50L, 2L),
        List.of(launchedBy(capped), launchedBy(daily), launchedBy(few)),
        "launched by the campaigns capped at 30 in flight, 50 a day, and 4 with 2 do-not-call first");
    assertEquals(0, stub.duplicateCalls());
    for (String figure : List.of("launched", "skipped")) {
      assertEquals(preview.getInt(figure), answer.getInt(figure), "the dry run's " + figure);
    }
    Assumptions.assumeTrue(counted, "pg_stat_statements is not loaded: statements not counted");
    assertTrue(StatementCounts.calls(db, "per_campaign") >= 3, "claims in the run");
    assertEquals(1, StatementCounts.calls(db, "include_due_scheduled"), "admissions in the run");
  }

  private long launchedBy(long campaign) {
    return db.scalar(
        Long.class,
        "SELECT count(*) FROM call_jobs WHERE campaign_id = ? AND status <> 'SKIPPED'",
        campaign);
  }
}
