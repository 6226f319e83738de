package dev.campaigntick.tick;

import static dev.campaigntick.db.Sql.ts;

import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** The cron-state row: interval gating, the overlap lease, and the run rows they start and end. */
@ApplicationScoped
public class CronStateRepository {

  private static final Logger LOG = Logger.getLogger(CronStateRepository.class);

  /**
   * Gate and lease in one atomic statement, so two ticks can never both run: the row is locked with
   * SKIP LOCKED (a tick that finds it locked skips as busy instead of waiting), the interval
   * applies to cron ticks only, a live lease means busy, and the automation switch comes last. A
   * run row is written either way, so skipped ticks are part of the history.
   */
  private static final String GATE =
      """
      WITH params AS (
          SELECT ?::timestamptz AS now, ?::text AS trigger, ?::text AS organization_id,
                 ?::bigint * interval '1 millisecond' AS min_gap,
                 ?::timestamptz AS lease_until
      ),
      state AS (
          SELECT last_cron_run_at, lease_expires_at, automation_enabled
          FROM cron_state WHERE id = 1
          FOR UPDATE SKIP LOCKED
      ),
      decision AS (
          SELECT CASE
                   WHEN s.automation_enabled IS NULL THEN 'busy'
                   WHEN p.trigger = 'CRON' AND s.last_cron_run_at > p.now - p.min_gap THEN 'interval'
                   WHEN s.lease_expires_at > p.now THEN 'busy'
                   WHEN NOT s.automation_enabled THEN 'disabled'
                 END AS skip_reason,
                 s.last_cron_run_at
          FROM params p LEFT JOIN state s ON true
      ),
      run AS (
          INSERT INTO scheduler_runs
              (trigger, status, skip_reason, organization_id, started_at, finished_at, duration_ms)
          SELECT p.trigger,
                 CASE WHEN d.skip_reason IS NULL THEN 'RUNNING' ELSE 'SKIPPED' END,
                 d.skip_reason, p.organization_id, p.now,
                 CASE WHEN d.skip_reason IS NULL THEN NULL ELSE p.now END,
                 CASE WHEN d.skip_reason IS NULL THEN NULL ELSE 0 END
          FROM params p, decision d
          RETURNING id, skip_reason
      ),
      lease AS (
          UPDATE cron_state c
          SET lease_run_id = run.id,
              lease_expires_at = p.lease_until,
              last_run_id = run.id,
              last_cron_run_at = CASE WHEN p.trigger = 'CRON' THEN p.now ELSE c.last_cron_run_at END
          FROM run, params p
          WHERE c.id = 1 AND run.skip_reason IS NULL
          RETURNING c.id
      )
      SELECT run.id, run.skip_reason, d.last_cron_run_at,
             (SELECT count(*) FROM lease) AS leased
      FROM run, decision d
      """;

  /**
   * Records a run's end and releases its lease in one statement. The run row changes only while it
   * is RUNNING and the lease only while this run still holds it: a run that overran its lease never
   * releases the lease of the run that took over.
   */
  private static final String FINISH =
      """
      WITH finished AS (
          UPDATE scheduler_runs
          SET status = ?, finished_at = ?, duration_ms = ?, budget_exhausted = ?,
              processed = ?, launched = ?, failed = ?, skipped = ?,
              errors = ?::jsonb, next_run_at = ?
          WHERE id = ? AND status = 'RUNNING'
          RETURNING id
      ),
      released AS (
          UPDATE cron_state
          SET lease_run_id = NULL, lease_expires_at = NULL
          WHERE id = 1 AND lease_run_id = ?
          RETURNING id
      )
      SELECT (SELECT count(*) FROM finished), (SELECT count(*) FROM released)
      """;

  private final DataSource dataSource;

  public CronStateRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Decides whether a tick may run now and, if so, takes the lease until {@code leaseUntil}.
   *
   * @param minGap how long after the last cron run a cron tick is due (interval minus jitter)
   */
  public GateDecision gate(
      Instant now, Trigger trigger, String organizationId, Duration minGap, Instant leaseUntil) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(GATE)) {
      statement.setObject(1, ts(now));
      statement.setString(2, trigger.name());
      statement.setString(3, organizationId);
      statement.setLong(4, minGap.toMillis());
      statement.setObject(5, ts(leaseUntil));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        GateDecision decision =
            new GateDecision(
                rs.getLong("id"), rs.getString("skip_reason"), Sql.instant(rs, "last_cron_run_at"));
        if (decision.accepted() && rs.getLong("leased") != 1) {
          throw new IllegalStateException(
              "gate accepted run " + decision.runId() + " without lease");
        }
        return decision;
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /** Records the outcome of an accepted run and releases its lease. */
  public void finish(long runId, TickReport report) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(FINISH)) {
      statement.setString(1, report.status().name());
      statement.setObject(2, ts(report.startedAt().plusMillis(report.durationMs())));
      statement.setLong(3, report.durationMs());
      statement.setBoolean(4, report.budgetExhausted());
      statement.setInt(5, report.processed());
      statement.setInt(6, report.launched());
      statement.setInt(7, report.failed());
      statement.setInt(8, report.skipped());
      statement.setString(9, TickReportJson.errorsJson(report.errors()));
      statement.setObject(10, ts(report.nextRunAt()));
      statement.setLong(11, runId);
      statement.setLong(12, runId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        if (rs.getLong(1) == 0) {
          LOG.warnf("run %d was no longer RUNNING when it finished; its row was left alone", runId);
        }
        if (rs.getLong(2) == 0) {
          LOG.warnf("run %d outlived its lease; another run holds it now", runId);
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }
}
