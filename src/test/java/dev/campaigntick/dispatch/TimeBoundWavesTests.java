package dev.campaigntick.dispatch;

import static dev.campaigntick.support.Ticks.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.HttpProviderProfile;
import dev.campaigntick.support.HttpProviderTestBase;
import dev.campaigntick.support.ProviderStub.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A full wave takes one contact of each admitted campaign, but no more than the time left can send:
 * with many more campaigns than a run can reach, it does not claim contacts only to leave them
 * queued for the next run (which would start by taking them back).
 */
@QuarkusTest
@TestProfile(TimeBoundWavesTests.SmallWaves.class)
class TimeBoundWavesTests extends HttpProviderTestBase {

  /** 8 launches in flight, waves of up to 40: after a first wave of 32 every wave is full. */
  public static class SmallWaves extends HttpProviderProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return withWaves(40, 8);
    }
  }

  @Test
  void aFullWaveOverManyCampaignsClaimsWhatTheTimeLeftCanSend() {
    // 2,000 campaigns, one contact each; at 8 in flight and 20 ms an answer, the 4-s budget sends
    // several hundred. A full wave of one contact per campaign would claim all the others.
    fixtures.campaigns("acme", 2000, 1, 1);
    stub.answer(r -> Answer.accept("call-" + r.idempotencyKey()).after(Duration.ofMillis(20)));

    JsonPath answer = tick();

    int launched = answer.getInt("launched");
    long leftQueued =
        db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE status = 'QUEUED'");
    assertTrue(launched >= 20, answer.prettyPrint());
    assertEquals(launched, stub.requests().size());
    assertTrue(
        leftQueued <= launched / 2,
        leftQueued + " claimed and left queued, for " + launched + " launched");
    assertEquals(0, stub.duplicateCalls());
  }
}
