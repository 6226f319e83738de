package dev.campaigntick.dispatch;

import static dev.campaigntick.db.Sql.ts;

import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.db.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes what happened to jobs, in batches: accepted, failed (with the retry policy), completed, or
 * still unconfirmed. Every write names the status it expects, so a write that finds another actor
 * got there first (a callback, a timeout, a second run) changes nothing and is counted.
 */
@ApplicationScoped
public class JobOutcomes {

  private static final Logger LOG = Logger.getLogger(JobOutcomes.class);

  /** After this many sends whose outcome stayed unknown, an attempt counts as failed. */
  static final int MAX_UNCONFIRMED_SENDS = 5;

  /**
   * The provider took the call: QUEUED becomes ACTIVE, never anything else does. No index of
   * call_jobs names a column this changes, so the row is updated in place (HOT, V5); callbacks find
   * the job by the provider's id through provider_calls, the latest job winning if a provider ever
   * reuses an id.
   */
  private static final String MARK_ACTIVE =
      """
      WITH activated AS (
          UPDATE call_jobs j
          SET status = 'ACTIVE', provider_call_id = u.call_id, started_at = ?, updated_at = ?
          FROM unnest(?::bigint[], ?::text[]) AS u(id, call_id)
          WHERE j.id = u.id AND j.id = ANY (?::bigint[]) AND j.status = 'QUEUED'
          RETURNING j.id, j.provider_call_id
      ),
      indexed AS (
          INSERT INTO provider_calls (provider_call_id, job_id)
          SELECT DISTINCT ON (provider_call_id) provider_call_id, id FROM activated
          WHERE provider_call_id IS NOT NULL
          ORDER BY provider_call_id, id DESC
          ON CONFLICT (provider_call_id)
              DO UPDATE SET job_id = greatest(provider_calls.job_id, excluded.job_id)
      )
      SELECT count(*) FROM activated
      """;

  /**
   * The retry policy, in one place. A failing QUEUED or ACTIVE job becomes FAILED; its contact,
   * while it is IN_PROGRESS, counts the failed attempt and either goes back to PENDING, due after
   * retryBackoffSeconds * 2^attemptsMade moved to the next opening of its calling window, or, when
   * the failure is permanent or no attempt is left, becomes FAILED. Terminal jobs are never touched
   * (and a trigger refuses it anyway).
   *
   * <p>Runs without nested loops (see {@link Sql#withoutNestedLoops}): the jobs are also found by
   * the ids as an index condition, and the contacts and campaigns by primary key from the failed
   * jobs. The contact's state is checked in SET rather than in WHERE, where a planner that expects
   * few contacts in progress would read every one of them and look each up in the batch (a job in
   * flight always has its contact IN_PROGRESS, so the other branches only keep a contact edited by
   * hand as it was). Measured in psql (PostgreSQL 15, 20,000 calls in flight, statistics taken
   * while none was): a batch of 2,000 failures took 15-22 s as a nested loop, 0.07-0.13 s now, and
   * the same as before (0.07-0.09 s) with fresh statistics.
   */
  private static final String FAIL =
      """
      WITH input AS (
          SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::boolean[])
              AS u(id, reason, result, retryable)
      ),
      failed AS (
          UPDATE call_jobs j
          SET status = 'FAILED', reason = i.reason,
              result = coalesce(i.result::jsonb, j.result), failed_at = ?, updated_at = ?
          FROM input i
          WHERE j.id = i.id AND j.id = ANY (?::bigint[]) AND j.status IN ('QUEUED', 'ACTIVE')
          RETURNING j.contact_id, j.campaign_id, j.attempts_made, j.failed_at, i.retryable
      ),
      contacts_after AS (
          UPDATE contacts ct
          SET attempts_made = CASE WHEN ct.state = 'IN_PROGRESS' THEN f.attempts_made + 1
                                   ELSE ct.attempts_made END,
              state = CASE WHEN ct.state <> 'IN_PROGRESS' THEN ct.state
                           WHEN f.retryable AND f.attempts_made + 1 < c.max_attempts
                           THEN 'PENDING' ELSE 'FAILED' END,
              next_attempt_at = CASE WHEN ct.state = 'IN_PROGRESS' AND f.retryable
                                          AND f.attempts_made + 1 < c.max_attempts
                  THEN next_call_window_opening(
                      f.failed_at + c.retry_backoff_seconds * power(2, f.attempts_made)
                              * interval '1 second',
                      coalesce(ct.timezone, c.timezone), c.window_start, c.window_end,
                      c.window_days)
                  ELSE ct.next_attempt_at END
          FROM failed f JOIN campaigns c ON c.id = f.campaign_id
          WHERE ct.id = f.contact_id AND ct.id = ANY (ARRAY(SELECT contact_id FROM failed))
            AND c.id = ANY (ARRAY(SELECT campaign_id FROM failed))
          RETURNING ct.state
      )
      SELECT (SELECT count(*) FROM failed) AS failed,
             (SELECT count(*) FROM contacts_after WHERE state = 'PENDING') AS retries
      """;

  /**
   * The call ended well: the job completes and so does its contact (in progress until now; checked
   * in SET, as in {@link #FAIL}). Runs without nested loops, the jobs and contacts found by primary
   * key: 2,000 completions took 11 s in the measurement of FAIL, 0.08-0.11 s now.
   */
  private static final String COMPLETE =
      """
      WITH done AS (
          UPDATE call_jobs j
          SET status = 'COMPLETED', completed_at = ?, updated_at = ?,
              result = coalesce(u.result::jsonb, j.result)
          FROM unnest(?::bigint[], ?::text[]) AS u(id, result)
          WHERE j.id = u.id AND j.id = ANY (?::bigint[]) AND j.status IN ('QUEUED', 'ACTIVE')
          RETURNING j.contact_id
      ),
      contacts_done AS (
          UPDATE contacts ct
          SET state = CASE WHEN ct.state = 'IN_PROGRESS' THEN 'DONE' ELSE ct.state END
          WHERE ct.id = ANY (ARRAY(SELECT contact_id FROM done))
      )
      SELECT count(*) FROM done
      """;

  /** A send whose outcome is unknown: the job stays QUEUED for a re-send under the same key. */
  private static final String MARK_UNCONFIRMED =
      """
      UPDATE call_jobs
      SET unconfirmed_sends = unconfirmed_sends + 1, updated_at = ?
      WHERE id = ANY (?::bigint[]) AND status = 'QUEUED'
      RETURNING id, unconfirmed_sends
      """;

  /** A job to fail, why, what to keep as its result, and whether its contact may be retried. */
  public record Failure(long jobId, String reason, String resultJson, boolean retryable) {}

  /** How a batch of failures ended: jobs failed, and retries scheduled for their contacts. */
  public record FailSummary(int failed, int retriesScheduled) {}

  private final DataSource dataSource;
  private final MeterRegistry registry;

  public JobOutcomes(DataSource dataSource, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.registry = registry;
  }

  /** QUEUED → ACTIVE with the provider's call id; returns how many jobs changed. */
  public int markActive(Instant now, List<Long> jobIds, List<String> callIds) {
    if (jobIds.isEmpty()) {
      return 0;
    }
    try (Connection connection = dataSource.getConnection()) {
      int changed = markActive(connection, now, jobIds, callIds);
      reportLostRaces("ACTIVE", jobIds.size(), changed);
      return changed;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /**
   * {@link #MARK_ACTIVE} on the given connection, inside its transaction if it has one (tests read
   * that transaction's statistics to see the update stay heap-only, and record its plan:
   * StaleStatisticsTests).
   */
  static int markActive(Connection connection, Instant now, List<Long> jobIds, List<String> callIds)
      throws SQLException {
    return updateBatch(connection, MARK_ACTIVE, now, jobIds, callIds);
  }

  /** Fails jobs and schedules their contacts' retries (see {@link #FAIL}). */
  public FailSummary fail(Instant now, List<Failure> failures) {
    if (failures.isEmpty()) {
      return new FailSummary(0, 0);
    }
    try (Connection connection = dataSource.getConnection()) {
      FailSummary summary = fail(connection, now, failures);
      reportLostRaces("FAILED", failures.size(), summary.failed());
      return summary;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /**
   * {@link #FAIL} on the given connection, inside its transaction if it has one (a test records its
   * plan there: StaleStatisticsTests).
   */
  static FailSummary fail(Connection connection, Instant now, List<Failure> failures)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FAIL)) {
      Array ids =
          connection.createArrayOf(
              "bigint", failures.stream().map(Failure::jobId).toArray(Long[]::new));
      statement.setArray(1, ids);
      statement.setArray(
          2,
          connection.createArrayOf(
              "text", failures.stream().map(Failure::reason).toArray(String[]::new)));
      statement.setArray(
          3,
          connection.createArrayOf(
              "text", failures.stream().map(Failure::resultJson).toArray(String[]::new)));
      statement.setArray(
          4,
          connection.createArrayOf(
              "boolean", failures.stream().map(Failure::retryable).toArray(Boolean[]::new)));
      statement.setObject(5, ts(now));
      statement.setObject(6, ts(now));
      statement.setArray(7, ids);
      return Sql.withoutNestedLoops(
          connection,
          () -> {
            try (ResultSet rs = statement.executeQuery()) {
              rs.next();
              return new FailSummary(rs.getInt("failed"), rs.getInt("retries"));
            }
          });
    }
  }

  /** Completes jobs and their contacts; returns how many jobs changed. */
  public int complete(Instant now, List<Long> jobIds, List<String> resultsJson) {
    if (jobIds.isEmpty()) {
      return 0;
    }
    try (Connection connection = dataSource.getConnection()) {
      int changed = complete(connection, now, jobIds, resultsJson);
      reportLostRaces("COMPLETED", jobIds.size(), changed);
      return changed;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /** {@link #COMPLETE} on the given connection, inside its transaction if it has one. */
  static int complete(
      Connection connection, Instant now, List<Long> jobIds, List<String> resultsJson)
      throws SQLException {
    return updateBatch(connection, COMPLETE, now, jobIds, resultsJson);
  }

  /**
   * Runs {@link #MARK_ACTIVE} or {@link #COMPLETE}: their parameters are the time twice, the job
   * ids, a text for each, and the ids again (as an index condition), and their one row counts the
   * jobs changed. A batch joined to its ids: see {@link Sql#withoutNestedLoops} for the plan this
   * keeps away.
   */
  private static int updateBatch(
      Connection connection, String sql, Instant now, List<Long> jobIds, List<String> texts)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Array ids = connection.createArrayOf("bigint", jobIds.toArray());
      statement.setObject(1, ts(now));
      statement.setObject(2, ts(now));
      statement.setArray(3, ids);
      statement.setArray(4, connection.createArrayOf("text", texts.toArray()));
      statement.setArray(5, ids);
      return Sql.withoutNestedLoops(
          connection,
          () -> {
            try (ResultSet rs = statement.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          });
    }
  }

  /**
   * Records sends whose outcome stayed unknown; jobs that reached {@link #MAX_UNCONFIRMED_SENDS}
   * are failed (retryable) so a provider that never answers cannot hold a contact forever.
   */
  public FailSummary markUnconfirmed(Instant now, List<Long> jobIds) {
    if (jobIds.isEmpty()) {
      return new FailSummary(0, 0);
    }
    List<Failure> exhausted = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(MARK_UNCONFIRMED)) {
      statement.setObject(1, ts(now));
      statement.setArray(2, connection.createArrayOf("bigint", jobIds.toArray()));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          if (rs.getInt("unconfirmed_sends") >= MAX_UNCONFIRMED_SENDS) {
            exhausted.add(
                new Failure(
                    rs.getLong("id"),
                    "launch_unconfirmed",
                    "{\"reason\":\"launch_unconfirmed\"}",
                    true));
          }
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
    return fail(now, exhausted);
  }

  private static void reportLostRaces(String target, int expected, int changed) {
    if (changed < expected) {
      // Zero rows means another actor (a callback, a timeout, another run) changed the job first.
      LOG.debugf(
          "%d of %d jobs were no longer in the expected status for %s",
          expected - changed, expected, target);
    }
  }
}
