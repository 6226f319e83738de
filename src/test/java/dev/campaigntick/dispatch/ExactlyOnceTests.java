package dev.campaigntick.dispatch;

import static dev.campaigntick.support.Ticks.tick;
import static dev.campaigntick.support.Ticks.tickAfter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.support.Api;
import dev.campaigntick.support.HttpProviderProfile;
import dev.campaigntick.support.HttpProviderTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * "A contact attempt is launched at the provider at most once": parallel ticks and claimers, a
 * crash between claim and launch, replays, timeouts; and terminal statuses never change.
 */
@QuarkusTest
@TestProfile(HttpProviderProfile.class)
class ExactlyOnceTests extends HttpProviderTestBase {

  @Inject JobClaimer claimer;
  @Inject ObjectMapper mapper;
  @Inject AdmissionPlanner planner;
  @Inject DataSource dataSource;
  @Inject CallEvents events;

  static <T> List<T> inParallel(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  void assertNoKeySentTwiceAndOneJobPerAttempt() {
    Map<String, Long> sends = stub.sendsPerKey();
    assertTrue(sends.values().stream().allMatch(n -> n == 1), "a key was sent twice: " + sends);
    assertEquals(
        0L,
        db.scalar(
            Long.class,
            "SELECT count(*) FROM (SELECT contact_id, attempts_made FROM call_jobs"
                + " GROUP BY 1, 2 HAVING count(*) > 1) d"));
  }

  @Test
  void parallelTicksAndManualRunsLaunchEachContactOnce() throws Exception {
    for (int c = 0; c < 5; c++) {
      long id = fixtures.campaign("org" + c, "Parallel " + c).maxConcurrentCalls(7).create();
      fixtures.contacts(id, 30);
    }
    for (int round = 0; round < 4; round++) {
      inParallel(
          10,
          () -> {
            Api.cron().post("/api/scheduler/tick").then().statusCode(200);
            return Api.admin().post("/api/scheduler/run").then().statusCode(200);
          });
      // Calls end so capacity frees for the next round.
      db.execute(
          "UPDATE call_jobs SET status = 'COMPLETED', completed_at = started_at"
              + " WHERE status = 'ACTIVE'");
      db.execute("UPDATE contacts SET state = 'DONE' WHERE state = 'IN_PROGRESS'");
      clock.advance(Duration.ofMinutes(1));
    }
    assertNoKeySentTwiceAndOneJobPerAttempt();
    assertEquals(
        (long) stub.requests().size(), db.scalar(Long.class, "SELECT count(*) FROM call_jobs"));
    assertTrue(stub.requests().size() >= 5 * 7, "work got done: " + stub.requests().size());
  }

  @Test
  void concurrentClaimersNeverTakeTheSameContactNorExceedTheCap() throws Exception {
    long id = fixtures.campaign("acme", "Contended").maxConcurrentCalls(40).create();
    fixtures.contacts(id, 500);
    List<Admission> plan = planner.plan(MONDAY_9AM, null, false, false);
    List<List<Long>> claims =
        inParallel(
            8,
            () ->
                claimer
                    .claimDue(plan, 1000 + Thread.currentThread().getId(), MONDAY_9AM, 100)
                    .toLaunch()
                    .stream()
                    .map(ClaimedJob::contactId)
                    .toList());
    Set<Long> seen = new HashSet<>();
    int total = 0;
    for (List<Long> claim : claims) {
      total += claim.size();
      seen.addAll(claim);
    }
    assertEquals(total, seen.size(), "a contact was claimed twice");
    assertEquals(
        (long) total,
        db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE status = 'QUEUED'"));
  }

  @Test
  void aCrashBetweenClaimAndLaunchIsResentUnderTheSameKeyNextTick() {
    long id = fixtures.campaign("acme", "Crash").maxConcurrentCalls(10).create();
    fixtures.contacts(id, 6);
    // A run claims and dies before launching: its jobs stay QUEUED under its run id.
    List<Admission> plan = planner.plan(MONDAY_9AM, null, false, false);
    List<ClaimedJob> claimed = claimer.claimDue(plan, 424242, MONDAY_9AM, 100).toLaunch();
    assertEquals(6, claimed.size());
    assertEquals(0, stub.requests().size());
    var answer = tickAfter(clock, Duration.ofMinutes(1));
    assertEquals(6, answer.getInt("launched"));
    Set<String> keys = stub.sendsPerKey().keySet();
    assertEquals(
        Set.copyOf(claimed.stream().map(ClaimedJob::queueJobId).toList()),
        keys,
        "the original keys were sent");
    assertNoKeySentTwiceAndOneJobPerAttempt();
    assertEquals(6L, db.scalar(Long.class, "SELECT count(*) FROM call_jobs"));
  }

  @Test
  void aReSendOfAnAcceptedKeyIsAConflictAndNotASecondCall() {
    long id = fixtures.campaign("acme", "Replay").create();
    fixtures.contacts(id, 3);
    tick();
    // Pretend the confirmations were lost: the jobs look unconfirmed and get re-sent.
    db.execute(
        "UPDATE call_jobs SET status = 'QUEUED', provider_call_id = NULL, run_id = NULL"
            + " WHERE status = 'ACTIVE'");
    db.execute("UPDATE call_jobs SET run_id = 1");
    var answer = tickAfter(clock, Duration.ofMinutes(1));
    assertEquals(3, answer.getInt("launched"));
    assertEquals(6, stub.requests().size());
    assertEquals(
        3, stub.sendsPerKey().size(), "the same three keys, each answered 409 the 2nd time");
    assertEquals(
        3L, db.scalar(Long.class, "SELECT count(DISTINCT provider_call_id) FROM call_jobs"));
  }

  @Test
  void aCallPastItsTimeoutFailsAndIsRetried() {
    long id =
        fixtures.campaign("acme", "Stuck").callTimeoutSeconds(600).retryBackoffSeconds(0).create();
    long contact = fixtures.contact(id, "+15550000001", null);
    tick();
    assertEquals(0, tickAfter(clock, Duration.ofMinutes(9)).getInt("failed"));
    var answer = tickAfter(clock, Duration.ofMinutes(1));
    assertEquals(1, answer.getInt("failed"));
    assertEquals(1, answer.getInt("launched"), "the retry goes out in the same tick");
    assertEquals(
        "timeout",
        db.scalar(
            String.class,
            "SELECT reason FROM call_jobs WHERE contact_id = ? AND attempts_made = 0",
            contact));
    assertEquals(
        "ACTIVE",
        db.scalar(
            String.class,
            "SELECT status FROM call_jobs WHERE contact_id = ? AND attempts_made = 1",
            contact));
  }

  @Test
  void terminalStatusesNeverChange() {
    long id = fixtures.campaign("acme", "Terminal").create();
    fixtures.contacts(id, 1);
    tick();
    db.execute("UPDATE call_jobs SET status = 'COMPLETED', completed_at = started_at");
    RuntimeException refused =
        assertThrows(
            RuntimeException.class, () -> db.execute("UPDATE call_jobs SET status = 'ACTIVE'"));
    assertTrue(refused.getMessage().contains("cannot become"), refused.getMessage());
  }

  @Test
  void aJobsKeyNamesItsCampaignContactAndAttempt() {
    long id = fixtures.campaign("acme", "Keys").create();
    long contact = fixtures.contact(id, "+15550000001", null);
    tick();
    assertEquals(
        "c" + id + "-ct" + contact + "-a1",
        db.scalar(
            String.class, "SELECT queue_job_id FROM call_jobs WHERE contact_id = ?", contact));
    // Without a UNIQUE index on the key, its form is what keeps two jobs from sharing it.
    RuntimeException refused =
        assertThrows(
            RuntimeException.class,
            () ->
                db.execute(
                    "INSERT INTO call_jobs (queue_job_id, campaign_id, contact_id, organization_id,"
                        + " phone, status, attempts_made, enqueued_at, updated_at)"
                        + " SELECT queue_job_id, campaign_id, contact_id, organization_id, phone,"
                        + " 'FAILED', attempts_made + 1, enqueued_at, updated_at FROM call_jobs"));
    assertTrue(refused.getMessage().contains("call_jobs_queue_job_id_form"), refused.getMessage());
  }

  @Test
  void aClaimReadsEachCampaignsAgentOnceAndEveryLaunchCarriesItsOwn() throws Exception {
    long alloy =
        fixtures
            .campaign("acme", "Alloy")
            .maxConcurrentCalls(10)
            .agent("{\"voice\":\"alloy\"}")
            .create();
    long echo =
        fixtures
            .campaign("acme", "Echo")
            .maxConcurrentCalls(10)
            .agent("{\"voice\":\"echo\"}")
            .create();
    long none = fixtures.campaign("acme", "No agent").maxConcurrentCalls(10).agent(null).create();
    for (long campaign : List.of(alloy, echo, none)) {
      fixtures.contacts(campaign, 3);
    }
    List<Admission> plan = planner.plan(MONDAY_9AM, null, false, false);
    List<ClaimedJob> claimed = claimer.claimDue(plan, 424242, MONDAY_9AM, 100).toLaunch();
    assertEquals(9, claimed.size());
    for (ClaimedJob job : claimed) {
      ClaimedJob first =
          claimed.stream().filter(j -> j.campaignId() == job.campaignId()).findFirst().get();
      assertSame(first.agentJson(), job.agentJson(), "one agent string per campaign");
      if (job.campaignId() == none) {
        assertNull(job.agentJson());
      } else {
        assertEquals(job.campaignId() == alloy ? "alloy" : "echo", voice(job.agentJson()));
      }
    }
    // The claimed jobs are orphans for the next tick, which claims them again and sends them.
    assertEquals(9, tickAfter(clock, Duration.ofMinutes(1)).getInt("launched"));
    assertEquals(9, stub.requests().size());
    for (var request : stub.requests()) {
      JsonNode body = mapper.readTree(request.body());
      long campaign = body.get("campaignId").asLong();
      JsonNode agent = body.get("agent");
      if (campaign == none) {
        assertTrue(agent.isNull(), agent.toString());
      } else {
        assertEquals(campaign == alloy ? "alloy" : "echo", agent.get("voice").asText());
      }
    }
  }

  @Test
  void aNumberPutOnDoNotCallAfterItsClaimIsNeverCalledByTheRunThatTakesItsJob() throws Exception {
    long id = fixtures.campaign("acme", "Claimed, then blocked").maxConcurrentCalls(10).create();
    long callable = fixtures.contact(id, "+15550000001", null);
    long blocked = fixtures.contact(id, "+15550000002", null);
    long unconfirmed = fixtures.contact(id, "+15550000003", null);
    // A run claimed all three and ended before sending two of them (budget, crash); the third's
    // send went unconfirmed (the provider may have it). All stay QUEUED under that run.
    List<ClaimedJob> claimed =
        claimer
            .claimDue(planner.plan(MONDAY_9AM, null, false, false), 424242, MONDAY_9AM, 100)
            .toLaunch();
    assertEquals(3, claimed.size());
    db.execute("UPDATE call_jobs SET unconfirmed_sends = 1 WHERE contact_id = ?", unconfirmed);
    fixtures.doNotCall("+15550000002");
    fixtures.doNotCall("+15550000003");

    var answer = tickAfter(clock, Duration.ofMinutes(1));

    assertEquals(2, answer.getInt("launched"), answer.prettyPrint());
    assertEquals(1, answer.getInt("skipped"), answer.prettyPrint());
    assertEquals(
        Set.of(key(callable), key(unconfirmed)),
        Set.copyOf(stub.requests().stream().map(r -> r.idempotencyKey()).toList()),
        "the blocked number is not sent; the unconfirmed send is confirmed under its key");
    assertEquals(
        "SKIPPED do_not_call do_not_call EXCLUDED",
        db.scalar(
            String.class,
            "SELECT j.status || ' ' || j.reason || ' ' || (j.result->>'reason') || ' ' || ct.state"
                + " FROM call_jobs j JOIN contacts ct ON ct.id = j.contact_id"
                + " WHERE j.contact_id = ? AND j.completed_at IS NOT NULL",
            blocked));
  }

  private String key(long contactId) {
    return db.scalar(
        String.class, "SELECT queue_job_id FROM call_jobs WHERE contact_id = ?", contactId);
  }

  @Test
  void aLaunchUpdatesItsJobInPlaceAndCallbacksFindItByTheProvidersId() throws Exception {
    long id = fixtures.campaign("acme", "In place").maxConcurrentCalls(10).create();
    fixtures.contacts(id, 5);
    List<Long> jobs =
        claimer
            .claimDue(planner.plan(MONDAY_9AM, null, false, false), 515151, MONDAY_9AM, 100)
            .toLaunch()
            .stream()
            .map(ClaimedJob::jobId)
            .toList();
    assertEquals(5, jobs.size());
    List<String> callIds = jobs.stream().map(job -> "in-place-" + job).toList();
    // The launch's own statement, in a transaction whose statistics say how each row was updated:
    // heap-only (HOT) means no index of call_jobs got an entry (V5). It fails if an index names
    // status, provider_call_id, started_at or updated_at, or if pages keep no room.
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      long[] before = updatesOfCallJobs(connection);
      assertEquals(5, JobOutcomes.markActive(connection, MONDAY_9AM, jobs, callIds));
      long[] after = updatesOfCallJobs(connection);
      assertEquals(5, after[0] - before[0], "rows updated");
      assertEquals(5, after[1] - before[1], "rows updated in place (HOT)");
      connection.commit();
    }
    long second = jobs.get(1);
    // A callback naming the call by the provider's id finds its job (through provider_calls).
    assertEquals(
        second, events.apply("in-place-" + second, null, "completed", "{}", MONDAY_9AM).jobId());
    assertEquals(
        List.of("ACTIVE", "COMPLETED", "ACTIVE", "ACTIVE", "ACTIVE"),
        db.column(
            String.class, "SELECT status FROM call_jobs WHERE campaign_id = ? ORDER BY id", id));
  }

  /**
   * Rows of call_jobs this connection has updated, and of those heap-only, as its statistics count
   * them (not yet flushed, so only differences within one transaction mean anything).
   */
  private static long[] updatesOfCallJobs(Connection connection) throws Exception {
    try (PreparedStatement stats =
            connection.prepareStatement(
                "SELECT pg_stat_get_xact_tuples_updated('call_jobs'::regclass),"
                    + " pg_stat_get_xact_tuples_hot_updated('call_jobs'::regclass)");
        ResultSet rs = stats.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  private String voice(String agentJson) throws Exception {
    return mapper.readTree(agentJson).get("voice").asText();
  }
}
