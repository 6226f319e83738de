package dev.campaigntick.dispatch;

import static dev.campaigntick.support.Ticks.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.campaigntick.support.HttpProviderProfile;
import dev.campaigntick.support.HttpProviderTestBase;
import dev.campaigntick.support.ProviderStub.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many small waves in one run: the next wave is claimed while the current one is in flight and
 * outcomes are written while sending goes on. Every launch is sent once and recorded once, and a
 * cap still holds although each wave is planned before the last one's answers are written.
 */
@QuarkusTest
@TestProfile(PipelinedWavesTests.SmallWaves.class)
class PipelinedWavesTests extends HttpProviderTestBase {

  /** Waves of 25 with 8 launches in flight, so a run of 190 launches takes eight waves or more. */
  public static class SmallWaves extends HttpProviderProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
      overrides.put("campaign-tick.claim-wave-size", "25");
      overrides.put("campaign-tick.call-provider-concurrency", "8");
      return overrides;
    }
  }

  @Test
  void everyLaunchOfManyOverlappingWavesIsSentAndRecordedOnce() {
    long a = fixtures.campaign("acme", "A").maxConcurrentCalls(1000).create();
    long b = fixtures.campaign("acme", "B").maxConcurrentCalls(1000).create();
    long capped = fixtures.campaign("globex", "Capped").maxConcurrentCalls(10).create();
    fixtures.contacts(a, 90);
    fixtures.contacts(b, 90);
    fixtures.contacts(capped, 60);
    stub.answer(r -> Answer.accept("call-" + r.idempotencyKey()).after(Duration.ofMillis(5)));

    JsonPath answer = tick();

    assertEquals(190, answer.getInt("launched"), answer.prettyPrint());
    assertFalse(answer.getBoolean("budgetExhausted"));
    assertEquals(190, stub.requests().size());
    assertEquals(0, stub.duplicateCalls());
    assertEquals(
        190L,
        db.scalar(
            Long.class,
            "SELECT count(*) FROM call_jobs WHERE status = 'ACTIVE'"
                + " AND provider_call_id = 'call-' || queue_job_id"));
    assertEquals(
        0L, db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE status <> 'ACTIVE'"));
    assertEquals(
        10L, db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE campaign_id = ?", capped));
    assertEquals(10, answer.getInt("campaigns.find { it.campaignId == " + capped + " }.launched"));
  }

  @Test
  void withMoreCampaignsThanAWaveHoldsEveryCampaignGetsItsFirstCallBeforeAnyItsSecond() {
    for (int i = 0; i < 40; i++) {
      fixtures.contacts(fixtures.campaign("acme", "C" + i).maxConcurrentCalls(5).create(), 2);
    }

    JsonPath answer = tick();

    assertEquals(80, answer.getInt("launched"), answer.prettyPrint());
    // Jobs are numbered in the order waves claim them: the first 40 are one per campaign.
    assertEquals(
        40L,
        db.scalar(
            Long.class,
            "SELECT count(DISTINCT campaign_id) FROM"
                + " (SELECT campaign_id FROM call_jobs ORDER BY id LIMIT 40) first"));
    assertEquals(0, stub.duplicateCalls());
  }
}
