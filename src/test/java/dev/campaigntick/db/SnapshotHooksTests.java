package dev.campaigntick.db;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.PoolBackends;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot hooks (SnapStart): no pooled connection survives into a snapshot, and a restored
 * function ticks on fresh connections even when the pool held dead ones. The pool's connections are
 * counted by the server ({@link PoolBackends}).
 */
@QuarkusTest
class SnapshotHooksTests {

  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  @Inject SnapshotHooks hooks;
  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject SettableTimeSource clock;

  @BeforeEach
  void setUp() {
    db.reset();
    clock.set(MONDAY_9AM);
    long campaign = fixtures.campaign("acme", "Renewals").maxConcurrentCalls(3).create();
    fixtures.contacts(campaign, 10);
  }

  @AfterEach
  void tearDown() throws Exception {
    clock.reset();
    hooks.closeConnections(Duration.ofSeconds(5)); // no dead connection is left to other tests
  }

  @Test
  void theCheckpointClosesEveryPooledConnectionAndARestoredFunctionTicks() throws Exception {
    tickLaunches(3);
    assertTrue(PoolBackends.count() > 0, "the tick left its connections in the pool");

    hooks.beforeCheckpoint(null);
    assertEquals(0, PoolBackends.countOnceSettled(), "connections open at the checkpoint");

    hooks.afterRestore(null);
    clock.advance(Duration.ofMinutes(1));
    tickLaunches(3);
  }

  @Test
  void aRestoreDropsConnectionsWhoseServerSideIsGone() throws Exception {
    tickLaunches(3);
    // What a snapshot restored later holds: pooled connections the server closed long ago.
    PoolBackends.terminate();

    hooks.afterRestore(null);
    clock.advance(Duration.ofMinutes(1));
    tickLaunches(3);
  }

  private void tickLaunches(int launched) {
    Api.cron()
        .post("/api/scheduler/tick")
        .then()
        .statusCode(200)
        .body("status", equalTo("COMPLETED"))
        .body("launched", equalTo(launched));
  }
}
