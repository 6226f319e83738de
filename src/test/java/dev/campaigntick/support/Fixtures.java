package dev.campaigntick.support;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Seeds campaigns, contacts, lists and do-not-call numbers with SQL, for batch tests. */
@ApplicationScoped
public class Fixtures {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private final TestDatabase db;

  public Fixtures(TestDatabase db) {
    this.db = db;
  }

  /** A campaign to describe, then {@link Campaign#create()}. */
  public Campaign campaign(String organizationId, String name) {
    return new Campaign(organizationId, name);
  }

  /**
   * Creates {@code count} campaigns C0, C1, ... of one organization, each with the given
   * concurrency cap and number of contacts; returns their ids in that order.
   */
  public List<Long> campaigns(String organizationId, int count, int cap, int contactsEach) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = campaign(organizationId, "C" + i).maxConcurrentCalls(cap).create();
      contacts(id, contactsEach);
      ids.add(id);
    }
    return ids;
  }

  /** The phone of a campaign's {@code n}th contact (from 1) added by {@link #contacts}. */
  public static String phone(long campaignId, int n) {
    return String.format("+1555%03d%04d", campaignId % 1000, n);
  }

  /** Adds {@code count} contacts with distinct phones to a campaign ({@link #phone}). */
  public void contacts(long campaignId, int count) {
    db.execute(
        """
        INSERT INTO contacts (campaign_id, phone, name, created_at)
        SELECT ?, '+1555' || lpad(?::text, 3, '0') || lpad(i::text, 4, '0'), 'Contact ' || i, ?
        FROM generate_series(1, ?) AS i
        """,
        campaignId,
        campaignId % 1000,
        CREATED,
        count);
  }

  /**
   * As if an earlier run had reached each given campaign at {@code at}: its first pending contact
   * got a job then, whose call has ended (COMPLETED, the contact DONE).
   */
  public void reachedEarlier(List<Long> campaignIds, Instant at) {
    db.execute(
        """
        WITH picked AS (
            SELECT DISTINCT ON (ct.campaign_id) ct.id, ct.campaign_id, ct.phone, c.organization_id
            FROM contacts ct JOIN campaigns c ON c.id = ct.campaign_id
            WHERE ct.campaign_id = ANY (?::bigint[]) AND ct.state = 'PENDING'
            ORDER BY ct.campaign_id, ct.id
        ),
        jobs AS (
            INSERT INTO call_jobs (queue_job_id, campaign_id, contact_id, organization_id, phone,
                                   status, attempts_made, enqueued_at, completed_at, updated_at)
            SELECT 'c' || campaign_id || '-ct' || id || '-a1', campaign_id, id, organization_id,
                   phone, 'COMPLETED', 0, ?, ?, ?
            FROM picked
            RETURNING contact_id
        )
        UPDATE contacts SET state = 'DONE' WHERE id IN (SELECT contact_id FROM jobs)
        """,
        campaignIds.toArray(Long[]::new),
        at,
        at,
        at);
  }

  /** Adds one contact, with its own time zone when not null; returns its id. */
  public long contact(long campaignId, String phone, String timezone) {
    return db.scalar(
        Long.class,
        "INSERT INTO contacts (campaign_id, phone, timezone, created_at) VALUES (?, ?, ?, ?)"
            + " RETURNING id",
        campaignId,
        phone,
        timezone,
        CREATED);
  }

  /** An audience list with {@code members} distinct phones; returns its id. */
  public long list(String organizationId, String name, int members) {
    long id =
        db.scalar(
            Long.class,
            "INSERT INTO audience_lists (organization_id, name, created_at) VALUES (?, ?, ?)"
                + " RETURNING id",
            organizationId,
            name,
            CREATED);
    db.execute(
        """
        INSERT INTO list_members (list_id, phone, name)
        SELECT ?, '+1666' || lpad(?::text, 3, '0') || lpad(i::text, 4, '0'), 'Member ' || i
        FROM generate_series(1, ?) AS i
        """,
        id,
        id % 1000,
        members);
    return id;
  }

  public void doNotCall(String phone) {
    db.execute(
        "INSERT INTO do_not_call (phone, reason, created_at) VALUES (?, 'asked', ?)",
        phone,
        CREATED);
  }

  /** A campaign under construction; defaults: RUNNING, UTC, always open, cap 10. */
  public final class Campaign {
    private final String organizationId;
    private final String name;
    private String status = "RUNNING";
    private Instant scheduledAt;
    private String timezone = "UTC";
    private String windowStart = "00:00";
    private String windowEnd = "24:00";
    private String windowDays = "{1,2,3,4,5,6,7}";
    private int maxConcurrentCalls = 10;
    private Integer dailyCallCap;
    private Integer callsPerMinute;
    private int maxAttempts = 3;
    private int retryBackoffSeconds = 300;
    private int callTimeoutSeconds = 900;
    private Long listId;
    private String agent = "{\"voice\":\"alloy\"}";

    private Campaign(String organizationId, String name) {
      this.organizationId = organizationId;
      this.name = name;
    }

    public Campaign scheduledAt(Instant at) {
      this.status = "SCHEDULED";
      this.scheduledAt = at;
      return this;
    }

    public Campaign status(String status) {
      this.status = status;
      return this;
    }

    public Campaign timezone(String timezone) {
      this.timezone = timezone;
      return this;
    }

    /** Window in local time, days as ISO numbers (1 = Monday), e.g. "{1,2,3,4,5}". */
    public Campaign window(String start, String end, String days) {
      this.windowStart = start;
      this.windowEnd = end;
      this.windowDays = days;
      return this;
    }

    public Campaign maxConcurrentCalls(int value) {
      this.maxConcurrentCalls = value;
      return this;
    }

    public Campaign dailyCallCap(int value) {
      this.dailyCallCap = value;
      return this;
    }

    public Campaign callsPerMinute(int value) {
      this.callsPerMinute = value;
      return this;
    }

    public Campaign maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    public Campaign retryBackoffSeconds(int value) {
      this.retryBackoffSeconds = value;
      return this;
    }

    public Campaign callTimeoutSeconds(int value) {
      this.callTimeoutSeconds = value;
      return this;
    }

    public Campaign list(long listId) {
      this.listId = listId;
      return this;
    }

    public Campaign agent(String json) {
      this.agent = json;
      return this;
    }

    /** Inserts the campaign; returns its id. */
    public long create() {
      return db.scalar(
          Long.class,
          """
          INSERT INTO campaigns (organization_id, name, status, scheduled_at, timezone,
              window_start, window_end, window_days, max_concurrent_calls, daily_call_cap,
              calls_per_minute, max_attempts, retry_backoff_seconds, call_timeout_seconds,
              list_id, agent, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?::time, ?::time, ?::smallint[], ?, ?, ?, ?, ?, ?, ?, ?::jsonb,
                  ?, ?)
          RETURNING id
          """,
          organizationId,
          name,
          status,
          scheduledAt,
          timezone,
          windowStart,
          windowEnd,
          windowDays,
          maxConcurrentCalls,
          dailyCallCap,
          callsPerMinute,
          maxAttempts,
          retryBackoffSeconds,
          callTimeoutSeconds,
          listId,
          agent,
          CREATED,
          CREATED);
    }
  }
}
