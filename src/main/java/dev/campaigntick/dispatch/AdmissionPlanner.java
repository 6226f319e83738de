package dev.campaigntick.dispatch;

import static dev.campaigntick.db.Sql.ts;

import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.db.Sql;
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
 * Decides, for all eligible campaigns in one statement, how many calls each may launch now and why
 * it launches nothing. The tick and the dry run both use it, so they can never disagree.
 */
@ApplicationScoped
public class AdmissionPlanner {

  /**
   * Protects the caps: room = min(maxConcurrentCalls - (QUEUED + ACTIVE), dailyCallCap - launched
   * since local midnight, callsPerMinute - launched in the last minute), and only due contacts
   * inside their calling window (the contact's time zone, else the campaign's) count. One statement
   * whatever the number of campaigns; the daily and rate counts run only for campaigns that have
   * those caps.
   */
  private static final String PLAN =
      """
      WITH params AS (
          SELECT ?::timestamptz AS now, ?::text AS org, ?::boolean AS include_due_scheduled
      ),
      c AS MATERIALIZED (
          SELECT c.id, c.organization_id, c.name, c.status, c.timezone, c.window_start,
                 c.window_end, c.window_days, c.max_concurrent_calls, c.daily_call_cap,
                 c.calls_per_minute, p.now,
                 in_call_window(p.now, c.timezone, c.window_start, c.window_end, c.window_days)
                     AS in_window,
                 date_trunc('day', p.now AT TIME ZONE c.timezone) AT TIME ZONE c.timezone
                     AS day_start
          FROM campaigns c CROSS JOIN params p
          WHERE (c.status = 'RUNNING'
                 OR (p.include_due_scheduled AND c.status = 'SCHEDULED'
                     AND c.scheduled_at <= p.now))
            AND (p.org IS NULL OR c.organization_id = p.org)
      ),
      rooms AS MATERIALIZED (
          SELECT c.*,
                 c.max_concurrent_calls - (
                     SELECT count(*) FROM call_jobs j
                     WHERE j.campaign_id = c.id AND j.outcome IS NULL)
                     AS capacity_room,
                 CASE WHEN c.daily_call_cap IS NOT NULL THEN c.daily_call_cap - (
                     SELECT count(*) FROM call_jobs j
                     WHERE j.campaign_id = c.id AND j.enqueued_at >= c.day_start
                       AND j.status <> 'SKIPPED') END AS daily_room,
                 CASE WHEN c.calls_per_minute IS NOT NULL THEN c.calls_per_minute - (
                     SELECT count(*) FROM call_jobs j
                     WHERE j.campaign_id = c.id AND j.enqueued_at > c.now - interval '1 minute'
                       AND j.status <> 'SKIPPED') END AS rate_room,
                 EXISTS (SELECT 1 FROM contacts ct
                         WHERE ct.campaign_id = c.id AND ct.state = 'PENDING'
                           AND (ct.next_attempt_at IS NULL OR ct.next_attempt_at <= c.now))
                     AS has_due,
                 (c.in_window AND EXISTS (
                     SELECT 1 FROM contacts ct
                     WHERE ct.campaign_id = c.id AND ct.state = 'PENDING' AND ct.timezone IS NULL
                       AND (ct.next_attempt_at IS NULL OR ct.next_attempt_at <= c.now)))
                 OR EXISTS (
                     SELECT 1 FROM contacts ct
                     WHERE ct.campaign_id = c.id AND ct.state = 'PENDING'
                       AND ct.timezone IS NOT NULL
                       AND (ct.next_attempt_at IS NULL OR ct.next_attempt_at <= c.now)
                       AND in_call_window(c.now, ct.timezone, c.window_start, c.window_end,
                                          c.window_days)) AS has_due_in_window
          FROM c
      ),
      decided AS MATERIALIZED (
          SELECT r.*,
                 greatest(0, least(r.capacity_room, coalesce(r.daily_room, r.capacity_room),
                                   coalesce(r.rate_room, r.capacity_room))) AS room,
                 CASE
                   WHEN NOT r.has_due THEN 'no_pending_contacts'
                   WHEN NOT r.has_due_in_window THEN 'outside_window'
                   WHEN r.capacity_room <= 0 THEN 'at_capacity'
                   WHEN r.daily_room <= 0 THEN 'daily_cap'
                   WHEN r.rate_room <= 0 THEN 'rate_limited'
                 END AS skip_reason
          FROM rooms r
      )
      SELECT d.id, d.organization_id, d.name, d.status, d.room, d.skip_reason,
             d.has_due_in_window,
             coalesce(l.launchable, 0) AS launchable, coalesce(l.dnc, 0) AS dnc,
             CASE WHEN d.skip_reason IS NULL THEN (
                 SELECT max(j.enqueued_at) FROM call_jobs j WHERE j.campaign_id = d.id) END
                 AS last_claimed_at
      FROM decided d
      LEFT JOIN LATERAL (
          SELECT count(*) AS launchable, count(*) FILTER (WHERE x.dnc) AS dnc
          FROM (
              SELECT EXISTS (SELECT 1 FROM do_not_call n WHERE n.phone = ct.phone) AS dnc
              FROM contacts ct
              WHERE ?::boolean AND ct.campaign_id = d.id AND ct.state = 'PENDING'
                AND (ct.next_attempt_at IS NULL OR ct.next_attempt_at <= d.now)
                AND CASE WHEN ct.timezone IS NULL THEN d.in_window
                         ELSE in_call_window(d.now, ct.timezone, d.window_start, d.window_end,
                                             d.window_days) END
              ORDER BY ct.id
              LIMIT d.room
          ) x
      ) l ON d.skip_reason IS NULL
      ORDER BY d.organization_id, d.id
      """;

  /**
   * The dry run's admission of scheduled campaigns whose recipients activation will copy from their
   * list: they have no contacts or jobs yet, so their room is the smallest of their caps, and the
   * due recipients are the list's members inside their window.
   */
  private static final String PLAN_LIST_ACTIVATION =
      """
      WITH params AS (SELECT ?::timestamptz AS now, ?::text AS org),
      c AS (
          SELECT c.id, c.organization_id, c.name, c.status, c.list_id, c.timezone,
                 c.window_start, c.window_end, c.window_days, p.now,
                 least(c.max_concurrent_calls, coalesce(c.daily_call_cap, c.max_concurrent_calls),
                       coalesce(c.calls_per_minute, c.max_concurrent_calls)) AS room,
                 in_call_window(p.now, c.timezone, c.window_start, c.window_end, c.window_days)
                     AS in_window
          FROM campaigns c CROSS JOIN params p
          WHERE c.status = 'SCHEDULED' AND c.scheduled_at <= p.now
            AND (p.org IS NULL OR c.organization_id = p.org)
            AND c.list_id IS NOT NULL AND NOT c.recipients_generated
            AND NOT EXISTS (SELECT 1 FROM contacts x WHERE x.campaign_id = c.id)
      )
      SELECT c.id, c.organization_id, c.name, c.status, c.room,
             (SELECT count(*) FROM list_members m WHERE m.list_id = c.list_id) AS members,
             coalesce(l.launchable, 0) AS launchable, coalesce(l.dnc, 0) AS dnc
      FROM c
      LEFT JOIN LATERAL (
          SELECT count(*) AS launchable, count(*) FILTER (WHERE x.dnc) AS dnc
          FROM (
              SELECT EXISTS (SELECT 1 FROM do_not_call n WHERE n.phone = m.phone) AS dnc
              FROM list_members m
              WHERE m.list_id = c.list_id
                AND CASE WHEN m.timezone IS NULL THEN c.in_window
                         ELSE in_call_window(c.now, m.timezone, c.window_start, c.window_end,
                                             c.window_days) END
              ORDER BY m.id
              LIMIT c.room
          ) x
      ) l ON true
      ORDER BY c.id
      """;

  private final DataSource dataSource;

  public AdmissionPlanner(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The admission of every running campaign (of one organization when given).
   *
   * @param includeDueScheduled also plan scheduled campaigns that activation is about to start (the
   *     dry run, which does not activate them)
   * @param countLaunchable count the due contacts each campaign would launch (the dry run); without
   *     it, a launching campaign reports its room, which is all a claim needs
   */
  public List<Admission> plan(
      Instant now, String organizationId, boolean includeDueScheduled, boolean countLaunchable) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PLAN)) {
      statement.setObject(1, ts(now));
      statement.setString(2, organizationId);
      statement.setBoolean(3, includeDueScheduled);
      statement.setBoolean(4, countLaunchable);
      return Sql.withoutJit(connection, () -> read(statement, countLaunchable));
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  private static List<Admission> read(PreparedStatement statement, boolean countLaunchable)
      throws SQLException {
    List<Admission> admissions = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        String reason = rs.getString("skip_reason");
        int launchable =
            countLaunchable ? rs.getInt("launchable") : reason == null ? rs.getInt("room") : 0;
        if (reason == null && launchable == 0) {
          reason = "no_pending_contacts";
        }
        admissions.add(admission(rs, launchable, reason, Sql.instant(rs, "last_claimed_at")));
      }
    }
    return admissions;
  }

  /**
   * For the dry run: the admission of due scheduled campaigns whose recipients come from their
   * audience list at activation (see {@link #PLAN_LIST_ACTIVATION}).
   */
  public List<Admission> planListActivation(Instant now, String organizationId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PLAN_LIST_ACTIVATION)) {
      statement.setObject(1, ts(now));
      statement.setString(2, organizationId);
      List<Admission> admissions = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          int launchable = rs.getInt("launchable");
          String reason =
              rs.getLong("members") == 0
                  ? "no_pending_contacts"
                  : launchable == 0 ? "outside_window" : null;
          admissions.add(admission(rs, launchable, reason, null));
        }
      }
      return admissions;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  private static Admission admission(
      ResultSet rs, int launchable, String reason, Instant lastClaimedAt) throws SQLException {
    return new Admission(
        rs.getLong("id"),
        rs.getString("organization_id"),
        rs.getString("name"),
        rs.getString("status"),
        rs.getInt("room"),
        launchable,
        rs.getInt("dnc"),
        reason,
        lastClaimedAt);
  }
}
