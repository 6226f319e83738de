package dev.campaigntick.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Read-only views of call jobs for operators. */
@ApplicationScoped
public class JobQueries {

  /** A job as CONTRACT.md section 4 shows it. */
  public record Job(
      long id,
      String queueJobId,
      long campaignId,
      long contactId,
      String organizationId,
      String phone,
      String status,
      int attemptsMade,
      int attemptNumber,
      String reason,
      JsonNode result,
      String providerCallId,
      Instant enqueuedAt,
      Instant startedAt,
      Instant completedAt,
      Instant failedAt) {}

  public static final List<String> STATUSES =
      List.of("QUEUED", "ACTIVE", "COMPLETED", "FAILED", "SKIPPED");

  private final DataSource dataSource;
  private final ObjectMapper mapper;

  public JobQueries(DataSource dataSource, ObjectMapper mapper) {
    this.dataSource = dataSource;
    this.mapper = mapper;
  }

  /** Jobs matching the filters, newest first, with ids below {@code beforeId} when given. */
  public List<Job> find(
      String status, Long campaignId, String organizationId, Long beforeId, int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                """
                SELECT id, queue_job_id, campaign_id, contact_id, organization_id, phone, status,
                       attempts_made, reason, result::text AS result, provider_call_id,
                       enqueued_at, started_at, completed_at, failed_at
                FROM call_jobs
                WHERE (?::text IS NULL OR status = ?::text)
                  AND (?::text IS NULL OR outcome = ?::text)
                  AND (?::boolean IS NULL OR outcome IS NULL)
                  AND (?::bigint IS NULL OR campaign_id = ?::bigint)
                  AND (?::text IS NULL OR organization_id = ?::text)
                  AND (?::bigint IS NULL OR id < ?::bigint)
                ORDER BY id DESC
                LIMIT ?
                """)) {
      // The status filter names the index to use (V5): an ended job's outcome is its status, a
      // job in flight has none.
      boolean inFlight = "QUEUED".equals(status) || "ACTIVE".equals(status);
      String outcome = inFlight ? null : status;
      statement.setString(1, status);
      statement.setString(2, status);
      statement.setString(3, outcome);
      statement.setString(4, outcome);
      statement.setObject(5, inFlight ? Boolean.TRUE : null, Types.BOOLEAN);
      statement.setObject(6, campaignId);
      statement.setObject(7, campaignId);
      statement.setString(8, organizationId);
      statement.setString(9, organizationId);
      statement.setObject(10, beforeId);
      statement.setObject(11, beforeId);
      statement.setInt(12, limit);
      List<Job> jobs = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          int attempts = rs.getInt("attempts_made");
          jobs.add(
              new Job(
                  rs.getLong("id"),
                  rs.getString("queue_job_id"),
                  rs.getLong("campaign_id"),
                  rs.getLong("contact_id"),
                  rs.getString("organization_id"),
                  rs.getString("phone"),
                  rs.getString("status"),
                  attempts,
                  attempts + 1,
                  rs.getString("reason"),
                  json(rs.getString("result")),
                  rs.getString("provider_call_id"),
                  Sql.instant(rs, "enqueued_at"),
                  Sql.instant(rs, "started_at"),
                  Sql.instant(rs, "completed_at"),
                  Sql.instant(rs, "failed_at")));
        }
      }
      return jobs;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /**
   * Jobs by status, every status present (zero when none): jobs in flight from their partial index,
   * ended ones by outcome from theirs (V5), so no scan of the table's rows.
   */
  public Map<String, Long> countsByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    STATUSES.forEach(s -> counts.put(s, 0L));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                """
                SELECT status, count(*) FROM call_jobs WHERE outcome IS NULL GROUP BY status
                UNION ALL
                SELECT outcome, count(*) FROM call_jobs WHERE outcome IS NOT NULL GROUP BY outcome
                """);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
      return counts;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  private JsonNode json(String text) {
    try {
      return text == null ? null : mapper.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }
}
