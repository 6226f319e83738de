package dev.campaigntick.dispatch;

import static dev.campaigntick.db.Sql.ts;

import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.dispatch.JobOutcomes.FailSummary;
import dev.campaigntick.dispatch.JobOutcomes.Failure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Fails calls that outlived their campaign's call timeout, so their contacts can be retried. */
@ApplicationScoped
public class JobReaper {

  /** ACTIVE jobs whose call started more than callTimeoutSeconds ago. */
  private static final String TIMED_OUT =
      """
      SELECT j.id
      FROM call_jobs j JOIN campaigns c ON c.id = j.campaign_id
      WHERE j.outcome IS NULL AND j.status = 'ACTIVE'
        AND j.started_at <= ?::timestamptz - c.call_timeout_seconds * interval '1 second'
        AND (?::text IS NULL OR c.organization_id = ?::text)
      ORDER BY j.id
      LIMIT ?
      """;

  private final DataSource dataSource;
  private final JobOutcomes outcomes;

  public JobReaper(DataSource dataSource, JobOutcomes outcomes) {
    this.dataSource = dataSource;
    this.outcomes = outcomes;
  }

  /** Fails up to {@code limit} timed-out calls with reason "timeout" and schedules retries. */
  public FailSummary failTimedOut(Instant now, String organizationId, int limit) {
    List<Failure> failures = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(TIMED_OUT)) {
      statement.setObject(1, ts(now));
      statement.setString(2, organizationId);
      statement.setString(3, organizationId);
      statement.setInt(4, limit);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          failures.add(new Failure(rs.getLong(1), "timeout", "{\"reason\":\"timeout\"}", true));
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
    return outcomes.fail(now, failures);
  }
}
