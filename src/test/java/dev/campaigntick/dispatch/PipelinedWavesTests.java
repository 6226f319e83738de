package dev.campaigntick.dispatch;

import static dev.campaigntick.support.Ticks.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.campaigntick.support.HttpProviderProfile;
import dev.campaigntick.support.HttpProviderTestBase;
import dev.campaigntick.support.ProviderStub.Answer;
import dev.campaigntick.support.ProviderStub.Request;
import dev.campaigntick.support.Ticks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Many small waves in one run: the next wave is claimed while the current one is in flight and
 * outcomes are written while sending goes on. Every launch is sent once and recorded once, and a
 * cap still holds although each wave is planned before the last one's answers are written.
 */
@QuarkusTest
@TestProfile(PipelinedWavesTests.SmallWaves.class)
class PipelinedWavesTests extends HttpProviderTestBase {

  @Inject JobClaimer claimer;
  @Inject AdmissionPlanner planner;
  @Inject DataSource dataSource;

  static final int IN_FLIGHT = 4;

  /**
   * Waves of at most 36 with 4 launches in flight (so a first wave of 16), so a run of 190 launches
   * takes six waves or more.
   */
  public static class SmallWaves extends HttpProviderProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return withWaves(36, IN_FLIGHT);
    }
  }

  @Test
  void sendingStartsAfterAClaimOfFourRoundsOfLaunchesNotOfAFullWave() throws Exception {
    long id = fixtures.campaign("acme", "Ramp").maxConcurrentCalls(1000).create();
    fixtures.contacts(id, 80);
    JsonPath answer =
        tickCheckingWhileTheFirstRoundIsHeld(
            () ->
                assertEquals(
                    4L * IN_FLIGHT,
                    db.scalar(Long.class, "SELECT count(*) FROM call_jobs"),
                    "while the first round is in flight, only the first wave (four rounds) is"
                        + " claimed"));
    assertEquals(80, answer.getInt("launched"), answer.prettyPrint());
    assertEquals(80, stub.requests().size());
    assertEquals(0, stub.duplicateCalls());
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

  @Test
  void aWaveSmallerThanTheCampaignsTakesThoseNoRunReachedFirstThenThoseWaitingLongest()
      throws Exception {
    List<Long> campaigns = fixtures.campaigns("acme", 40, 5, 2);
    // Earlier runs reached C10-C19 at 07:00 and C0-C9 at 08:00; those calls have ended.
    fixtures.reachedEarlier(campaigns.subList(10, 20), MONDAY_9AM.minus(Duration.ofHours(2)));
    fixtures.reachedEarlier(campaigns.subList(0, 10), MONDAY_9AM.minus(Duration.ofHours(1)));
    long before = db.scalar(Long.class, "SELECT max(id) FROM call_jobs");
    JsonPath answer =
        tickCheckingWhileTheFirstRoundIsHeld(
            () ->
                assertEquals(
                    campaigns.subList(20, 36),
                    campaignsOfJobsAfter(before),
                    "while the first round is in flight, the first wave (four rounds) holds one"
                        + " contact of each of the first sixteen campaigns no run reached, not one"
                        + " of every campaign"));
    assertEquals(60, answer.getInt("launched"), answer.prettyPrint());
    List<Long> turns = new ArrayList<>(campaigns.subList(20, 40)); // never reached
    turns.addAll(campaigns.subList(10, 20)); // reached at 07:00
    turns.addAll(campaigns.subList(0, 10)); // reached at 08:00
    assertEquals(turns, campaignsOfJobsAfter(before).subList(0, 40));
    assertEquals(0, stub.duplicateCalls());
  }

  /**
   * Runs a tick whose first round of launches is answered only once {@code check} has looked at
   * what the run claimed meanwhile (held, not delayed: a delay long enough for a slow machine would
   * eat the test's budget); returns the tick's answer.
   */
  private JsonPath tickCheckingWhileTheFirstRoundIsHeld(Runnable check) throws Exception {
    AtomicInteger answers = new AtomicInteger();
    CompletableFuture<Void> release = new CompletableFuture<>();
    stub.answer(
        r -> {
          Answer accept = Answer.accept("call-" + r.idempotencyKey());
          return answers.incrementAndGet() <= IN_FLIGHT ? accept.heldUntil(release) : accept;
        });
    CompletableFuture<JsonPath> ticked = CompletableFuture.supplyAsync(Ticks::tick);
    try {
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (stub.requests().size() < IN_FLIGHT && System.nanoTime() < giveUp) {
        Thread.sleep(5); // waiting for another thread's requests, not for the clock
      }
      assertEquals(IN_FLIGHT, stub.requests().size());
      check.run();
    } finally {
      release.complete(null);
    }
    return ticked.get(30, TimeUnit.SECONDS);
  }

  /** The campaign of each job created after the given one, in job id (sending) order. */
  private List<Long> campaignsOfJobsAfter(long jobId) {
    return db.column(
        Long.class, "SELECT campaign_id FROM call_jobs WHERE id > ? ORDER BY id", jobId);
  }

  @Test
  void unconfirmedJobsOfAnEarlierRunGoOutWhileTheFirstWaveIsStillBeingClaimed() throws Exception {
    long id = fixtures.campaign("acme", "Leftovers").maxConcurrentCalls(1000).create();
    fixtures.contacts(id, 10);
    // A run claimed four contacts and ended before sending them: they stay QUEUED under its id.
    List<Admission> plan = planner.plan(MONDAY_9AM, null, false, false);
    Set<String> left =
        claimer.claimDue(plan, 424242, MONDAY_9AM, 4).toLaunch().stream()
            .map(ClaimedJob::queueJobId)
            .collect(Collectors.toSet());
    assertEquals(4, left.size());

    CompletableFuture<JsonPath> ticked;
    try (Connection holder = dataSource.getConnection();
        Statement statement = holder.createStatement()) {
      // An uncommitted job for the next due contact: the claim's insert of that contact's job
      // (ON CONFLICT DO NOTHING) waits to learn whether it conflicts. Re-sending the four only
      // updates their jobs. (A lock on the campaign's row held the claim through call_jobs'
      // foreign key until V6 dropped it.)
      holder.setAutoCommit(false);
      statement.execute(
          """
          INSERT INTO call_jobs (queue_job_id, campaign_id, contact_id, organization_id, phone,
                                 status, attempts_made, enqueued_at, updated_at)
          SELECT 'c' || campaign_id || '-ct' || id || '-a1', campaign_id, id, 'acme', phone,
                 'QUEUED', 0, now(), now()
          FROM contacts WHERE campaign_id = %d AND state = 'PENDING' ORDER BY id LIMIT 1
          """
              .formatted(id));
      ticked = CompletableFuture.supplyAsync(Ticks::tick);
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (stub.requests().size() < 4 && System.nanoTime() < giveUp) {
        Thread.sleep(10); // waiting for another thread's requests, not for the clock
      }
      assertEquals(
          left,
          stub.requests().stream().map(Request::idempotencyKey).collect(Collectors.toSet()),
          "the unconfirmed jobs were sent while the first wave's claim waited");
      holder.rollback();
    }

    JsonPath answer = ticked.get(30, TimeUnit.SECONDS);
    assertEquals(10, answer.getInt("launched"), answer.prettyPrint());
    assertEquals(10, stub.requests().size());
    assertEquals(0, stub.duplicateCalls());
  }
}
