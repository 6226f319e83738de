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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Claims work for a run: due contacts become QUEUED jobs, and orphaned QUEUED jobs are taken. */
@ApplicationScoped
public class JobClaimer {

  /**
   * Protects "launched at most once" and the caps. Locks up to each campaign's room of due contacts
   * inside their window with FOR UPDATE SKIP LOCKED (a concurrent claimer skips them instead of
   * waiting or taking them twice), interleaves campaigns round-robin within each organization (in
   * the order they are given: {@link #turnOrder}) and organizations with each other, keeps the
   * first {@code wave} of that order, inserts one job per contact attempt under its queue_job_id
   * (ON CONFLICT DO NOTHING: an attempt that has a job, by UNIQUE (contact_id, attempts_made),
   * never gets a second one, and the key's form names the attempt, so no two jobs share a key), and
   * marks only the contacts whose job was inserted. Do-not-call numbers become SKIPPED jobs and
   * EXCLUDED contacts. One statement, one commit.
   */
  private static final String CLAIM_DUE =
      """
      WITH params AS (SELECT ?::timestamptz AS now, ?::bigint AS run_id, ?::int AS wave),
      plan AS (
          SELECT * FROM unnest(?::bigint[], ?::int[]) WITH ORDINALITY AS p(campaign_id, room, place)
      ),
      share AS (
          SELECT ceil(p.wave::numeric / greatest(1, count(*)))::int AS per_campaign
          FROM plan CROSS JOIN params p GROUP BY p.wave
      ),
      c AS (
          SELECT c.id, c.organization_id, c.window_start, c.window_end, c.window_days, p.now,
                 plan.place, least(plan.room, (SELECT per_campaign FROM share)) AS room,
                 in_call_window(p.now, c.timezone, c.window_start, c.window_end, c.window_days)
                     AS in_window
          FROM plan JOIN campaigns c ON c.id = plan.campaign_id CROSS JOIN params p
          WHERE c.status = 'RUNNING'
      ),
      locked AS (
          SELECT x.id, c.id AS campaign_id, c.organization_id, c.place,
                 row_number() OVER (PARTITION BY c.id ORDER BY x.id) AS turn
          FROM c CROSS JOIN LATERAL (
              SELECT ct.id FROM contacts ct
              WHERE ct.campaign_id = c.id AND ct.state = 'PENDING'
                AND (ct.next_attempt_at IS NULL OR ct.next_attempt_at <= c.now)
                AND CASE WHEN ct.timezone IS NULL THEN c.in_window
                         ELSE in_call_window(c.now, ct.timezone, c.window_start, c.window_end,
                                             c.window_days) END
              ORDER BY ct.id
              LIMIT c.room
              FOR UPDATE OF ct SKIP LOCKED
          ) x
      ),
      fair AS (
          SELECT l.id,
                 row_number() OVER (PARTITION BY l.organization_id ORDER BY l.turn, l.place)
                     AS org_turn,
                 l.organization_id
          FROM locked l
      ),
      picked AS (
          SELECT f.id, f.org_turn, f.organization_id FROM fair f
          ORDER BY f.org_turn, f.organization_id
          LIMIT (SELECT wave FROM params)
      ),
      jobs AS (
          INSERT INTO call_jobs (queue_job_id, campaign_id, contact_id, organization_id, phone,
                                 status, attempts_made, reason, result, run_id, enqueued_at,
                                 completed_at, updated_at)
          SELECT 'c' || ct.campaign_id || '-ct' || ct.id || '-a' || (ct.attempts_made + 1),
                 ct.campaign_id, ct.id, camp.organization_id, ct.phone,
                 CASE WHEN dnc.phone IS NULL THEN 'QUEUED' ELSE 'SKIPPED' END,
                 ct.attempts_made,
                 CASE WHEN dnc.phone IS NULL THEN NULL ELSE 'do_not_call' END,
                 CASE WHEN dnc.phone IS NULL THEN NULL
                      ELSE jsonb_build_object('reason', 'do_not_call') END,
                 p.run_id, p.now,
                 CASE WHEN dnc.phone IS NULL THEN NULL ELSE p.now END,
                 p.now
          FROM picked
          JOIN contacts ct ON ct.id = picked.id
          JOIN campaigns camp ON camp.id = ct.campaign_id
          LEFT JOIN do_not_call dnc ON dnc.phone = ct.phone
          CROSS JOIN params p
          -- Job ids follow the fair order (they are drawn as rows arrive, and the joins above
          -- may reorder them): the wave is sent in id order.
          ORDER BY picked.org_turn, picked.organization_id
          ON CONFLICT DO NOTHING
          RETURNING id, queue_job_id, campaign_id, organization_id, contact_id, phone, status,
                    attempts_made
      ),
      -- The contacts were locked PENDING above, so no state is checked here: with one, a planner
      -- whose statistics date from before a large import (few contacts PENDING) scanned every
      -- pending contact and joined each to every job (psql: 200,000 pending, a wave of 5,000,
      -- 395 s); without it each job finds its contact by primary key.
      marked AS (
          UPDATE contacts ct
          SET state = CASE WHEN jobs.status = 'SKIPPED' THEN 'EXCLUDED' ELSE 'IN_PROGRESS' END
          FROM jobs
          WHERE ct.id = jobs.contact_id
          RETURNING jobs.id, jobs.queue_job_id, jobs.campaign_id, jobs.organization_id,
                    jobs.contact_id, jobs.phone, jobs.status, jobs.attempts_made, ct.name,
                    ct.attributes
      )
      SELECT m.id, m.queue_job_id, m.campaign_id, m.organization_id, m.contact_id, m.phone,
             m.status, m.attempts_made, m.name, m.attributes::text AS attributes,
             CASE WHEN m.id = min(m.id) OVER (PARTITION BY m.campaign_id)
                  THEN camp.agent::text END AS agent
      FROM marked m
      JOIN campaigns camp ON camp.id = m.campaign_id
      ORDER BY m.id
      """;

  /**
   * Protects "nothing is lost" without breaking "launched at most once": QUEUED jobs whose launch
   * was never confirmed and whose claiming run is over are taken by this run, to be sent again
   * under their original queue_job_id (the provider deduplicates on it). Only the lease holder
   * claims, so a job of another run belongs to a run that ended or lost its lease. Jobs of paused
   * campaigns or outside their window wait. SKIP LOCKED and the status guard keep two takers apart.
   * A job never sent whose number went on the do-not-call list since its claim is SKIPPED instead,
   * its contact EXCLUDED, as the claim would have done; one whose send went unconfirmed is sent
   * again under its key (the provider already has it, so that places no new call).
   */
  private static final String CLAIM_ORPHANS =
      """
      WITH params AS (
          SELECT ?::timestamptz AS now, ?::bigint AS run_id, ?::text AS org, ?::int AS lim
      ),
      orphans AS (
          SELECT j.id,
                 j.unconfirmed_sends = 0
                     AND EXISTS (SELECT 1 FROM do_not_call n WHERE n.phone = j.phone) AS dnc
          FROM call_jobs j
          JOIN campaigns c ON c.id = j.campaign_id
          JOIN contacts ct ON ct.id = j.contact_id
          CROSS JOIN params p
          WHERE j.outcome IS NULL AND j.status = 'QUEUED' AND j.run_id IS DISTINCT FROM p.run_id
            AND c.status = 'RUNNING' AND (p.org IS NULL OR c.organization_id = p.org)
            AND in_call_window(p.now, coalesce(ct.timezone, c.timezone), c.window_start,
                               c.window_end, c.window_days)
          ORDER BY j.id
          LIMIT (SELECT lim FROM params)
          FOR UPDATE OF j SKIP LOCKED
      ),
      taken AS (
          UPDATE call_jobs j
          SET run_id = p.run_id, updated_at = p.now,
              status = CASE WHEN o.dnc THEN 'SKIPPED' ELSE j.status END,
              reason = CASE WHEN o.dnc THEN 'do_not_call' ELSE j.reason END,
              result = CASE WHEN o.dnc THEN jsonb_build_object('reason', 'do_not_call')
                            ELSE j.result END,
              completed_at = CASE WHEN o.dnc THEN p.now ELSE j.completed_at END
          FROM orphans o, params p
          WHERE j.id = o.id AND j.status = 'QUEUED'
          RETURNING j.id, j.queue_job_id, j.campaign_id, j.organization_id, j.contact_id, j.phone,
                    j.status, j.attempts_made
      ),
      -- Found by primary key alone. Joined to the CTE, or with the state in the WHERE clause, a
      -- planner that takes the CTE for one row and the contacts in progress for few (statistics
      -- of a moment ago) scanned every contact in progress, once per job taken (seen: 7.7 s for
      -- 2,415 jobs); so the state is checked in the SET.
      excluded AS (
          UPDATE contacts ct
          SET state = CASE WHEN ct.state = 'IN_PROGRESS' THEN 'EXCLUDED' ELSE ct.state END
          WHERE ct.id = ANY (ARRAY(SELECT t.contact_id FROM taken t WHERE t.status = 'SKIPPED'))
      )
      SELECT t.*, ct.name, ct.attributes::text AS attributes,
             CASE WHEN t.id = min(t.id) OVER (PARTITION BY t.campaign_id)
                  THEN c.agent::text END AS agent
      FROM taken t
      JOIN contacts ct ON ct.id = t.contact_id
      JOIN campaigns c ON c.id = t.campaign_id
      ORDER BY t.id
      """;

  /** What a claim produced: the jobs to launch and how many contacts were skipped. */
  public record Claim(List<ClaimedJob> toLaunch, List<ClaimedJob> skipped) {
    public boolean isEmpty() {
      return toLaunch.isEmpty() && skipped.isEmpty();
    }

    public int size() {
      return toLaunch.size() + skipped.size();
    }
  }

  private final DataSource dataSource;

  public JobClaimer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The admitted campaigns that can launch, in the order they take turns: within each organization
   * the one whose contact a run claimed longest ago first (never, before all), then by id, and the
   * organizations interleaved (the first of each, then the second of each, ...). Claims take one
   * contact per campaign per turn in this order, and a wave too small for every campaign takes the
   * first of it, so a campaign waits at most until every other one has had its turn, in a run and
   * from one run to the next.
   */
  public static List<Admission> turnOrder(List<Admission> admitted) {
    Map<String, Integer> turnsGiven = new HashMap<>();
    record Turn(int round, String organizationId, Admission admission) {}
    return admitted.stream()
        .filter(Admission::canLaunch)
        .sorted(
            Comparator.comparing(
                    Admission::lastClaimedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(Admission::campaignId))
        .map(
            a ->
                new Turn(
                    turnsGiven.merge(a.organizationId(), 1, Integer::sum), a.organizationId(), a))
        .sorted(Comparator.comparingInt(Turn::round).thenComparing(Turn::organizationId))
        .map(Turn::admission)
        .toList();
  }

  /**
   * Claims up to {@code wave} due contacts across the admitted campaigns, taking turns in the order
   * given (see {@link #turnOrder}).
   */
  public Claim claimDue(List<Admission> admitted, long runId, Instant now, int wave) {
    try (Connection connection = dataSource.getConnection()) {
      return claimDue(connection, admitted, runId, now, wave);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /**
   * {@link #CLAIM_DUE} on the given connection, inside its transaction if it has one (a test
   * records its plan there: StaleStatisticsTests).
   */
  static Claim claimDue(
      Connection connection, List<Admission> admitted, long runId, Instant now, int wave)
      throws SQLException {
    List<Admission> launchable = admitted.stream().filter(Admission::canLaunch).toList();
    if (launchable.isEmpty()) {
      return new Claim(List.of(), List.of());
    }
    try (PreparedStatement statement = connection.prepareStatement(CLAIM_DUE)) {
      statement.setObject(1, ts(now));
      statement.setLong(2, runId);
      statement.setInt(3, wave);
      statement.setArray(
          4,
          connection.createArrayOf(
              "bigint", launchable.stream().map(Admission::campaignId).toArray(Long[]::new)));
      statement.setArray(
          5,
          connection.createArrayOf(
              "integer", launchable.stream().map(Admission::room).toArray(Integer[]::new)));
      return Sql.withoutJit(connection, () -> read(statement));
    }
  }

  /** Takes up to {@code limit} orphaned QUEUED jobs for this run to send again. */
  public Claim claimOrphans(long runId, Instant now, String organizationId, int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(CLAIM_ORPHANS)) {
      statement.setObject(1, ts(now));
      statement.setLong(2, runId);
      statement.setString(3, organizationId);
      statement.setInt(4, limit);
      return read(statement);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /**
   * Reads a claim's rows, in job id order. A campaign's agent, the same for all its jobs and often
   * the largest part of a launch (a prompt, a voice, tools), comes on its first row only: a wave of
   * 5,000 jobs reads it once per campaign instead of 5,000 times, and its jobs share one string.
   */
  private static Claim read(PreparedStatement statement) throws SQLException {
    List<ClaimedJob> toLaunch = new ArrayList<>();
    List<ClaimedJob> skipped = new ArrayList<>();
    Map<Long, String> agents = new HashMap<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        long campaignId = rs.getLong("campaign_id");
        String agent = rs.getString("agent");
        if (agent != null) {
          agents.put(campaignId, agent);
        } else {
          agent = agents.get(campaignId);
        }
        ClaimedJob job =
            new ClaimedJob(
                rs.getLong("id"),
                rs.getString("queue_job_id"),
                campaignId,
                rs.getString("organization_id"),
                rs.getLong("contact_id"),
                rs.getString("phone"),
                rs.getString("name"),
                rs.getString("attributes"),
                agent,
                rs.getInt("attempts_made"));
        ("SKIPPED".equals(rs.getString("status")) ? skipped : toLaunch).add(job);
      }
    }
    return new Claim(toLaunch, skipped);
  }
}
