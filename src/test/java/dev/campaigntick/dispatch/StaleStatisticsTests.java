package dev.campaigntick.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.campaign.CampaignRepository;
import dev.campaigntick.dispatch.JobOutcomes.Failure;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.PlanCapture;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batch statements of a tick and a campaign's cancel never compare every row of one side with
 * every row of the other, whatever PostgreSQL's statistics say. Statistics date from the last
 * ANALYZE: taken while no call was in flight, or before a large import, they make the planner
 * expect one row where thousands are and choose a nested loop that compares all of them with each
 * row of the batch (seen in psql: a claim of 5,000 after an import of 200,000 contacts took 395 s).
 * Each test analyses the tables at such a moment, keeps autovacuum from analysing them again,
 * changes the data, runs the production statements on a connection that records their executed
 * plans ({@link PlanCapture}) and bounds the row pairs their joins compared and discarded.
 */
@QuarkusTest
class StaleStatisticsTests {

  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  /** Rows the statistics have not seen, against a batch a twentieth of that. */
  static final int UNSEEN = 4000;

  static final int BATCH = 200;

  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject AdmissionPlanner planner;
  @Inject JobClaimer claimer;
  @Inject DataSource dataSource;
  @Inject ObjectMapper mapper;

  @BeforeEach
  void setUp() {
    db.reset();
    db.execute(
        """
        ALTER TABLE contacts SET (autovacuum_enabled = false);
        ALTER TABLE call_jobs SET (autovacuum_enabled = false)
        """);
  }

  @AfterEach
  void tearDown() {
    db.reset();
    db.execute(
        """
        ALTER TABLE contacts RESET (autovacuum_enabled);
        ALTER TABLE call_jobs RESET (autovacuum_enabled);
        ANALYZE contacts, call_jobs
        """);
  }

  @Test
  void aClaimAfterAnImportTheStatisticsHaveNotSeenComparesItsWaveNotEveryPendingContact()
      throws Exception {
    long done = fixtures.campaign("acme", "Done").create();
    fixtures.contacts(done, 1000);
    db.execute("UPDATE contacts SET state = 'DONE'");
    db.execute("ANALYZE contacts, call_jobs"); // no contact PENDING, as far as the planner knows
    long imported = fixtures.campaign("acme", "Imported").maxConcurrentCalls(UNSEEN).create();
    fixtures.contacts(imported, UNSEEN);

    // Marking the wave's contacts with their state as a condition compared each of the 4,000
    // pending contacts with each of the 200 jobs: 799,800 pairs discarded.
    JobClaimer.Claim claim =
        planChecked(
            "claim",
            connection ->
                JobClaimer.claimDue(
                    connection,
                    planner.plan(MONDAY_9AM, null, false, false),
                    1,
                    MONDAY_9AM,
                    BATCH));
    assertEquals(BATCH, claim.toLaunch().size());
  }

  @Test
  void launchesFailuresAndCompletionsCompareTheirBatchNotEveryCallInFlight() throws Exception {
    long now = campaignWithCallsTheStatisticsHaveNotSeen();
    List<Long> batch =
        db.column(
            Long.class,
            "SELECT id FROM call_jobs WHERE campaign_id = ? ORDER BY id LIMIT ?",
            now,
            BATCH);

    List<Failure> failures = batch.stream().map(id -> new Failure(id, "busy", null, true)).toList();
    assertEquals(
        new JobOutcomes.FailSummary(BATCH, BATCH),
        planChecked("fail", connection -> JobOutcomes.fail(connection, MONDAY_9AM, failures)));
    int completed =
        planChecked(
            "complete",
            connection ->
                JobOutcomes.complete(
                    connection, MONDAY_9AM, batch, batch.stream().map(id -> "{}").toList()));
    assertEquals(BATCH, completed);
    int launched =
        planChecked(
            "launch",
            connection ->
                JobOutcomes.markActive(
                    connection,
                    MONDAY_9AM,
                    batch,
                    batch.stream().map(id -> "call-" + id).toList()));
    assertEquals(BATCH, launched);
  }

  @Test
  void cancellingComparesItsUnsentCallsNotEveryContactInProgress() throws Exception {
    long now = campaignWithCallsTheStatisticsHaveNotSeen();

    PlanCapture plans = new PlanCapture();
    CampaignRepository campaigns = new CampaignRepository(plans.wrap(dataSource), mapper);
    assertTrue(campaigns.transition(now, List.of("RUNNING"), "CANCELLED", null, MONDAY_9AM));
    // Two statements (the status, the unsent work). Excluding the contacts of the unsent calls
    // with their state as a condition compared each contact in progress with each unsent call:
    // 16,000,000 pairs.
    assertFewPairsDiscarded(plans, "cancel", 2, UNSEEN);
    assertEquals(
        UNSEEN,
        db.scalar(
            Long.class,
            "SELECT count(*) FROM contacts WHERE campaign_id = ? AND state = 'EXCLUDED'",
            now));
  }

  /**
   * A campaign whose {@link #UNSEEN} contacts all have a call in flight (QUEUED), made after the
   * tables were analysed with none in flight (and every contact of another campaign done).
   */
  private long campaignWithCallsTheStatisticsHaveNotSeen() throws SQLException {
    long earlier = fixtures.campaign("acme", "Earlier").maxConcurrentCalls(1000).create();
    fixtures.contacts(earlier, 1000);
    List<Long> ended = claim(earlier, 1000);
    try (Connection connection = dataSource.getConnection()) {
      JobOutcomes.complete(connection, MONDAY_9AM, ended, ended.stream().map(id -> "{}").toList());
    }
    db.execute("ANALYZE contacts, call_jobs"); // no call in flight, as far as the planner knows
    long now = fixtures.campaign("acme", "Now").maxConcurrentCalls(UNSEEN).create();
    fixtures.contacts(now, UNSEEN);
    assertEquals(UNSEEN, claim(now, UNSEEN).size());
    return now;
  }

  /** A statement run on a connection. */
  @FunctionalInterface
  private interface OnConnection<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code statement} on a connection that records its plan, in a transaction it then rolls
   * back; checks that it was one statement whose joins discarded at most one row pair per row of
   * the batch, and returns what it returned.
   */
  private <T> T planChecked(String what, OnConnection<T> statement) throws SQLException {
    PlanCapture plans = new PlanCapture();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      T result = statement.run(plans.wrap(connection));
      connection.rollback();
      assertFewPairsDiscarded(plans, what, 1, BATCH);
      return result;
    }
  }

  /** {@code statements} statements recorded, each one's joins discarding at most {@code bound}. */
  private static void assertFewPairsDiscarded(
      PlanCapture capture, String what, int statements, int bound) {
    assertEquals(statements, capture.plans().size(), what + ": statements recorded");
    for (JsonNode plan : capture.plans()) {
      long discarded = PlanCapture.rowsRemovedByJoinFilters(plan);
      assertTrue(
          discarded <= bound,
          what + " discarded " + discarded + " row pairs (at most " + bound + ")");
    }
  }

  /** Claims a campaign's contacts (committed); returns the job ids. */
  private List<Long> claim(long campaignId, int wave) {
    return claimer
        .claimDue(
            planner.plan(MONDAY_9AM, null, false, false).stream()
                .filter(a -> a.campaignId() == campaignId)
                .toList(),
            1,
            MONDAY_9AM,
            wave)
        .toLaunch()
        .stream()
        .map(ClaimedJob::jobId)
        .toList();
  }
}
