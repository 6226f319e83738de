package dev.campaigntick.dispatch;

import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.dispatch.JobOutcomes.Failure;
import dev.campaigntick.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Applies the provider's status callbacks to jobs; a replayed event changes nothing. */
@ApplicationScoped
public class CallEvents {

  /** Callback statuses that fail the attempt and retry while attempts remain. */
  static final Set<String> RETRYABLE = Set.of("failed", "no_answer", "busy", "voicemail");

  /** All statuses a callback may carry. */
  public static final Set<String> STATUSES =
      Set.of("completed", "failed", "no_answer", "busy", "voicemail", "canceled");

  /**
   * A job by its provider call id (through provider_calls, V5) or by its queue job id. The key is
   * not indexed: it names its contact and attempt (V4 checks its form), and (contact_id,
   * attempts_made) is.
   */
  private static final String FIND =
      """
      SELECT id, status FROM call_jobs
      WHERE id = (SELECT job_id FROM provider_calls WHERE provider_call_id = ?::text)
         OR (contact_id = ?::bigint AND attempts_made = ?::int AND queue_job_id = ?::text)
      ORDER BY id DESC LIMIT 1
      """;

  /** A queue job id: {@code c{campaignId}-ct{contactId}-a{attempt}}, the attempt counted from 1. */
  private static final Pattern QUEUE_JOB_ID =
      Pattern.compile("c[0-9]{1,18}-ct([0-9]{1,18})-a([1-9][0-9]{0,8})");

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
      Matcher key = QUEUE_JOB_ID.matcher(queueJobId == null ? "" : queueJobId);
      boolean wellFormed = key.matches();
      statement.setObject(2, wellFormed ? Long.valueOf(key.group(1)) : null, Types.BIGINT);
      statement.setObject(3, wellFormed ? Integer.parseInt(key.group(2)) - 1 : null, Types.INTEGER);
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
