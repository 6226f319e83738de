package dev.campaigntick.dispatch;

import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.dispatch.JobOutcomes.Failure;
import dev.campaigntick.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** Applies the provider's status callbacks to jobs; a replayed event changes nothing. */
@ApplicationScoped
public class CallEvents {

  /** Callback statuses that fail the attempt and retry while attempts remain. */
  static final Set<String> RETRYABLE = Set.of("failed", "no_answer", "busy", "voicemail");

  /** All statuses a callback may carry. */
  public static final Set<String> STATUSES =
      Set.of("completed", "failed", "no_answer", "busy", "voicemail", "canceled");

  private static final String FIND =
      """
      SELECT id, status FROM call_jobs
      WHERE (?::text IS NOT NULL AND provider_call_id = ?::text)
         OR (?::text IS NOT NULL AND queue_job_id = ?::text)
      ORDER BY id DESC LIMIT 1
      """;

  /** What a callback did. */
  public record Applied(long jobId, String previousStatus, String status, boolean changed) {}

  private final DataSource dataSource;
  private final JobOutcomes outcomes;

  public CallEvents(DataSource dataSource, JobOutcomes outcomes) {
    this.dataSource = dataSource;
    this.outcomes = outcomes;
  }

  /**
   * Applies one event to the job it names.
   *
   * @throws ApiException 404 when no job has that provider call id or queue job id
   */
  public Applied apply(
      String providerCallId, String queueJobId, String status, String resultJson, Instant now) {
    long jobId;
    String previous;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(FIND)) {
      statement.setString(1, providerCallId);
      statement.setString(2, providerCallId);
      statement.setString(3, queueJobId);
      statement.setString(4, queueJobId);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          throw ApiException.notFound(
              "No call with "
                  + (providerCallId != null
                      ? "providerCallId " + providerCallId
                      : "queueJobId " + queueJobId));
        }
        jobId = rs.getLong("id");
        previous = rs.getString("status");
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
    boolean changed;
    if (status.equals("completed")) {
      changed = outcomes.complete(now, List.of(jobId), List.of(resultJson)) == 1;
    } else {
      boolean retryable = RETRYABLE.contains(status);
      changed =
          outcomes.fail(now, List.of(new Failure(jobId, status, resultJson, retryable))).failed()
              == 1;
    }
    String after = changed ? (status.equals("completed") ? "COMPLETED" : "FAILED") : previous;
    return new Applied(jobId, previous, after, changed);
  }
}
