package dev.campaigntick.tick;

import static dev.campaigntick.db.Sql.ts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the run history: recent runs, the cron's last tick and the ticks it missed. */
@ApplicationScoped
public class RunHistoryRepository {

  /** A run as the runs listing shows it: the tick response without campaigns. */
  public record Run(
      long runId,
      Trigger trigger,
      RunStatus status,
      String skipReason,
      String organizationId,
      Instant startedAt,
      Instant finishedAt,
      Long durationMs,
      boolean budgetExhausted,
      int processed,
      int launched,
      int failed,
      int skipped,
      List<TickReport.RunError> errors,
      Instant nextRunAt) {}

  /** What health needs from the cron-state row and the history. */
  public record CronView(
      Run lastCronRun,
      Instant lastAcceptedCronRunAt,
      boolean automationEnabled,
      long missedTicks24h) {

    /** When the next cron tick is due. */
    public Instant nextRunDueAt(Instant now, Duration interval) {
      return nextDue(lastAcceptedCronRunAt, now, interval);
    }
  }

  /** One interval after the last accepted cron run; now when the cron never ran. */
  public static Instant nextDue(Instant lastAcceptedCronRunAt, Instant now, Duration interval) {
    return lastAcceptedCronRunAt == null ? now : lastAcceptedCronRunAt.plus(interval);
  }

  /**
   * Counts the interval-long slots of the last 24 hours (since the first cron tick ever, so a new
   * deployment has missed nothing) in which no cron tick arrived at all, skipped or not.
   */
  private static final String MISSED =
      """
      WITH params AS (SELECT ?::timestamptz AS now, ?::bigint * interval '1 second' AS step),
      first AS (SELECT min(started_at) AS at FROM scheduler_runs WHERE trigger = 'CRON')
      SELECT count(*)
      FROM params p, first f,
           generate_series(0, (86400 / extract(epoch FROM p.step))::int - 1) AS g(i)
      WHERE f.at IS NOT NULL
        AND p.now - (g.i + 1) * p.step >= f.at
        AND NOT EXISTS (
            SELECT 1 FROM scheduler_runs r
            WHERE r.trigger = 'CRON'
              AND r.started_at >= p.now - (g.i + 1) * p.step
              AND r.started_at < p.now - g.i * p.step)
      """;

  private static final String SELECT_RUNS =
      """
      SELECT id, trigger, status, skip_reason, organization_id, started_at, finished_at,
             duration_ms, budget_exhausted, processed, launched, failed, skipped,
             errors::text AS errors, next_run_at
      FROM scheduler_runs
      """;

  private final DataSource dataSource;
  private final ObjectMapper mapper;

  public RunHistoryRepository(DataSource dataSource, ObjectMapper mapper) {
    this.dataSource = dataSource;
    this.mapper = mapper;
  }

  /** The most recent runs, newest first, skipped ones included. */
  public List<Run> recent(int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(SELECT_RUNS + " ORDER BY id DESC LIMIT ?")) {
      statement.setInt(1, limit);
      return read(statement);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /** One run by id. */
  public Optional<Run> find(long runId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_RUNS + " WHERE id = ?")) {
      statement.setLong(1, runId);
      return read(statement).stream().findFirst();
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /** When the last cron tick that was not skipped started, or null. */
  public Instant lastAcceptedCronRunAt() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT last_cron_run_at FROM cron_state WHERE id = 1");
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return Sql.instant(rs, "last_cron_run_at");
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /** The cron's view for health, as of {@code now}. */
  public CronView cronView(Instant now, Duration interval) {
    try (Connection connection = dataSource.getConnection()) {
      Run last;
      try (PreparedStatement statement =
          connection.prepareStatement(
              SELECT_RUNS + " WHERE trigger = 'CRON' ORDER BY id DESC LIMIT 1")) {
        List<Run> runs = read(statement);
        last = runs.isEmpty() ? null : runs.get(0);
      }
      Instant accepted;
      boolean enabled;
      try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT last_cron_run_at, automation_enabled FROM cron_state WHERE id = 1");
          ResultSet rs = statement.executeQuery()) {
        rs.next();
        accepted = Sql.instant(rs, "last_cron_run_at");
        enabled = rs.getBoolean("automation_enabled");
      }
      long missed;
      try (PreparedStatement statement = connection.prepareStatement(MISSED)) {
        statement.setObject(1, ts(now));
        statement.setLong(2, interval.toSeconds());
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          missed = rs.getLong(1);
        }
      }
      return new CronView(last, accepted, enabled, missed);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  private List<Run> read(PreparedStatement statement) throws SQLException {
    List<Run> runs = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        runs.add(
            new Run(
                rs.getLong("id"),
                Trigger.valueOf(rs.getString("trigger")),
                RunStatus.valueOf(rs.getString("status")),
                rs.getString("skip_reason"),
                rs.getString("organization_id"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "finished_at"),
                Sql.longValue(rs, "duration_ms"),
                rs.getBoolean("budget_exhausted"),
                rs.getInt("processed"),
                rs.getInt("launched"),
                rs.getInt("failed"),
                rs.getInt("skipped"),
                errors(rs.getString("errors")),
                Sql.instant(rs, "next_run_at")));
      }
    }
    return runs;
  }

  private List<TickReport.RunError> errors(String json) {
    try {
      return json == null ? List.of() : mapper.readValue(json, new TypeReference<>() {});
    } catch (Exception e) {
      return List.of();
    }
  }
}
