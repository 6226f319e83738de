package dev.campaigntick.campaign;

import static dev.campaigntick.db.Sql.ts;

import dev.campaigntick.db.DatabaseUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Campaign state changes the tick makes by itself: activation when due, completion when done. */
@ApplicationScoped
public class CampaignLifecycle {

  /** A campaign whose status a run changed. */
  public record Transition(
      long campaignId,
      String organizationId,
      String name,
      String previousStatus,
      String newStatus,
      boolean recipientsGenerated,
      Integer recipientCount) {}

  /**
   * Activates every SCHEDULED campaign whose time has come, in one statement. A campaign with an
   * audience list and no contacts of its own gets the list's members copied as its recipients,
   * exactly once: the rows are locked (SKIP LOCKED: a concurrent activator leaves them alone), the
   * copy and the status change commit together, and recipients_generated is set with them.
   */
  private static final String ACTIVATE_DUE =
      """
      WITH params AS (SELECT ?::timestamptz AS now, ?::text AS org),
      due AS (
          SELECT c.id, c.list_id,
                 (c.list_id IS NOT NULL AND NOT c.recipients_generated
                  AND NOT EXISTS (SELECT 1 FROM contacts x WHERE x.campaign_id = c.id))
                     AS generate
          FROM campaigns c CROSS JOIN params p
          WHERE c.status = 'SCHEDULED' AND c.scheduled_at <= p.now
            AND (p.org IS NULL OR c.organization_id = p.org)
          ORDER BY c.scheduled_at, c.id
          FOR UPDATE OF c SKIP LOCKED
      ),
      generated AS (
          INSERT INTO contacts (campaign_id, phone, name, timezone, attributes, created_at)
          SELECT d.id, m.phone, m.name, m.timezone, m.attributes, p.now
          FROM due d JOIN list_members m ON m.list_id = d.list_id CROSS JOIN params p
          WHERE d.generate
          ORDER BY m.id
          ON CONFLICT (campaign_id, phone) DO NOTHING
          RETURNING campaign_id
      ),
      counts AS (SELECT campaign_id, count(*) AS n FROM generated GROUP BY campaign_id),
      activated AS (
          UPDATE campaigns c
          SET status = 'RUNNING', activated_at = p.now, updated_at = p.now,
              recipients_generated = c.recipients_generated OR d.generate,
              recipient_count = CASE WHEN d.generate THEN coalesce(k.n, 0)
                  ELSE (SELECT count(*) FROM contacts x WHERE x.campaign_id = c.id) END
          FROM due d LEFT JOIN counts k ON k.campaign_id = d.id, params p
          WHERE c.id = d.id AND c.status = 'SCHEDULED'
          RETURNING c.id, c.organization_id, c.name, d.generate, c.recipient_count
      )
      SELECT * FROM activated ORDER BY id
      """;

  /**
   * Completes RUNNING campaigns with nothing pending, in progress, queued or active: nothing is
   * left that a later tick could launch or that a callback could still change.
   */
  private static final String COMPLETE_FINISHED =
      """
      WITH params AS (SELECT ?::timestamptz AS now, ?::text AS org)
      UPDATE campaigns c
      SET status = 'COMPLETED', completed_at = p.now, updated_at = p.now
      FROM params p
      WHERE c.status = 'RUNNING' AND (p.org IS NULL OR c.organization_id = p.org)
        AND NOT EXISTS (SELECT 1 FROM contacts ct
                        WHERE ct.campaign_id = c.id AND ct.state IN ('PENDING', 'IN_PROGRESS'))
        AND NOT EXISTS (SELECT 1 FROM call_jobs j
                        WHERE j.campaign_id = c.id AND j.outcome IS NULL)
      RETURNING c.id, c.organization_id, c.name
      """;

  /** What {@link #ACTIVATE_DUE} would do, without doing it (the dry run). */
  private static final String DUE_FOR_ACTIVATION =
      """
      WITH params AS (SELECT ?::timestamptz AS now, ?::text AS org),
      due AS (
          SELECT c.id, c.organization_id, c.name, c.list_id,
                 (c.list_id IS NOT NULL AND NOT c.recipients_generated
                  AND NOT EXISTS (SELECT 1 FROM contacts x WHERE x.campaign_id = c.id))
                     AS generate
          FROM campaigns c CROSS JOIN params p
          WHERE c.status = 'SCHEDULED' AND c.scheduled_at <= p.now
            AND (p.org IS NULL OR c.organization_id = p.org)
      )
      SELECT d.id, d.organization_id, d.name, d.generate,
             CASE WHEN d.generate
                  THEN (SELECT count(*) FROM list_members m WHERE m.list_id = d.list_id)
                  ELSE (SELECT count(*) FROM contacts x WHERE x.campaign_id = d.id)
             END AS recipient_count
      FROM due d ORDER BY d.id
      """;

  private final DataSource dataSource;

  public CampaignLifecycle(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Activates due campaigns (of one organization when given). */
  public List<Transition> activateDue(Instant now, String organizationId) {
    return transitions(ACTIVATE_DUE, now, organizationId, CampaignLifecycle::activation);
  }

  /** The campaigns {@link #activateDue} would activate now, changing nothing. */
  public List<Transition> dueForActivation(Instant now, String organizationId) {
    return transitions(DUE_FOR_ACTIVATION, now, organizationId, CampaignLifecycle::activation);
  }

  /** Completes finished campaigns (of one organization when given). */
  public List<Transition> completeFinished(Instant now, String organizationId) {
    return transitions(
        COMPLETE_FINISHED,
        now,
        organizationId,
        rs ->
            new Transition(
                rs.getLong("id"),
                rs.getString("organization_id"),
                rs.getString("name"),
                "RUNNING",
                "COMPLETED",
                false,
                null));
  }

  private static Transition activation(ResultSet rs) throws SQLException {
    return new Transition(
        rs.getLong("id"),
        rs.getString("organization_id"),
        rs.getString("name"),
        "SCHEDULED",
        "RUNNING",
        rs.getBoolean("generate"),
        rs.getInt("recipient_count"));
  }

  private interface TransitionReader {
    Transition read(ResultSet rs) throws SQLException;
  }

  private List<Transition> transitions(
      String sql, Instant now, String organizationId, TransitionReader reader) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, ts(now));
      statement.setString(2, organizationId);
      List<Transition> transitions = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          transitions.add(reader.read(rs));
        }
      }
      return transitions;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }
}
