package dev.campaigntick.dispatch;

import static dev.campaigntick.db.Sql.ts;

import dev.campaigntick.config.TickConfig;
import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.dispatch.JobOutcomes.Failure;
import dev.campaigntick.provider.SimulatedCallProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plays the simulated provider's callbacks: its calls end SIMULATED_CALL_SECONDS after they
 * started, nine in ten answered and completed, one in ten unanswered (and retried), through the
 * same outcome writes as real callbacks.
 */
@ApplicationScoped
public class SimulatedCallCompleter {

  private static final String ENDED =
      """
      SELECT id FROM call_jobs
      WHERE outcome IS NULL AND status = 'ACTIVE' AND provider_call_id LIKE ? AND started_at <= ?
      ORDER BY id LIMIT ?
      """;

  private final DataSource dataSource;
  private final JobOutcomes outcomes;
  private final int callSeconds;

  public SimulatedCallCompleter(DataSource dataSource, JobOutcomes outcomes, TickConfig config) {
    this.dataSource = dataSource;
    this.outcomes = outcomes;
    this.callSeconds = config.simulatedCallSeconds();
  }

  /** Ends the simulated calls that are over; returns how many jobs changed. */
  public int endFinishedCalls(Instant now, int limit) {
    List<Long> completed = new ArrayList<>();
    List<String> results = new ArrayList<>();
    List<Failure> unanswered = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(ENDED)) {
      statement.setString(1, SimulatedCallProvider.CALL_ID_PREFIX + "%");
      statement.setObject(2, ts(now.minusSeconds(callSeconds)));
      statement.setInt(3, limit);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          if (id % 10 == 0) {
            unanswered.add(
                new Failure(
                    id, "no_answer", "{\"status\":\"no_answer\",\"simulated\":true}", true));
          } else {
            completed.add(id);
            results.add(
                "{\"status\":\"completed\",\"durationSeconds\":"
                    + callSeconds
                    + ",\"simulated\":true}");
          }
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
    return outcomes.complete(now, completed, results) + outcomes.fail(now, unanswered).failed();
  }
}
