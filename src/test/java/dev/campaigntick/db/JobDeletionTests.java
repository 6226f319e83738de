package dev.campaigntick.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs go with their contact. call_jobs has no foreign keys (V6: their per-row checks were a fifth
 * of a claim), so a trigger on contacts does what their cascade did: deleting contacts, or a
 * campaign (whose contacts cascade), by hand leaves no job behind, and touches no other job.
 */
@QuarkusTest
class JobDeletionTests {

  static final Instant EARLIER = Instant.parse("2026-11-23T08:00:00Z");

  @Inject TestDatabase db;
  @Inject Fixtures fixtures;

  @BeforeEach
  void setUp() {
    db.reset();
  }

  @Test
  void deletingACampaignDeletesItsContactsAndTheirJobsOnly() {
    List<Long> ids = fixtures.campaigns("acme", 3, 1, 2);
    fixtures.reachedEarlier(ids, EARLIER);
    fixtures.reachedEarlier(ids, EARLIER.plusSeconds(60)); // a second job each: both contacts
    assertEquals(6, jobs());

    db.execute("DELETE FROM campaigns WHERE id = ?", ids.get(1));

    assertEquals(4, db.scalar(Long.class, "SELECT count(*) FROM contacts"));
    assertEquals(4, jobs());
    assertEquals(
        0L,
        db.scalar(Long.class, "SELECT count(*) FROM call_jobs WHERE campaign_id = ?", ids.get(1)));
  }

  @Test
  void deletingContactsDeletesTheirJobsOnly() {
    List<Long> ids = fixtures.campaigns("acme", 2, 1, 3);
    fixtures.reachedEarlier(ids, EARLIER);
    long reached =
        db.scalar(
            Long.class,
            "SELECT contact_id FROM call_jobs WHERE campaign_id = ? ORDER BY id LIMIT 1",
            ids.get(0));

    db.execute("DELETE FROM contacts WHERE campaign_id = ? AND id <> ?", ids.get(0), reached);
    assertEquals(2, jobs()); // the other contacts of that campaign had no job

    db.execute("DELETE FROM contacts WHERE id = ?", reached);
    assertEquals(1, jobs());
    assertEquals(ids.get(1), db.scalar(Long.class, "SELECT campaign_id FROM call_jobs"));
  }

  private long jobs() {
    return db.scalar(Long.class, "SELECT count(*) FROM call_jobs");
  }
}
