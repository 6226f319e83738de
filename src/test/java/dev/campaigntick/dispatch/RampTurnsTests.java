package dev.campaigntick.dispatch;

import static dev.campaigntick.support.Ticks.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.campaigntick.support.HttpProviderProfile;
import dev.campaigntick.support.HttpProviderTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ramp's small waves with more campaigns than they hold: the second one takes the campaigns the
 * first left without planning again, and still follows the turn order and every cap.
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
}
