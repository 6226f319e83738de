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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's connections when their server side goes away: no pooled connection survives into a
 * snapshot (SnapStart) and a restored function ticks on fresh ones; and when the server drops them
 * between two ticks (a restart, a failover, a proxy's idle timeout) the next tick still runs, as
 * the pool checks a connection that sat idle before handing it out. The pool's connections are
 * counted and killed by the server ({@link PoolBackends}).
 */
@QuarkusTest
class PooledConnectionsTests {

  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  @Inject SnapshotHooks hooks;
  @Inject TestDatabase db;
  @Inject Fixtures fixtures;
  @Inject SettableTimeSource clock;

  @ConfigProperty(name = "quarkus.datasource.jdbc.foreground-validation-interval")
  Duration checkedAfterIdle;

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

  @Test
  void theTickAfterTheServerDroppedThePoolsConnectionsRuns() throws Exception {
    tickLaunches(3);
    PoolBackends.terminate();
    // Real idle time of the pool's connections, which is what the pool looks at (not the clock of
    // the function's "now"): the time between two ticks, cut to just over the check's interval.
    Thread.sleep(checkedAfterIdle.plusMillis(200).toMillis());

    clock.advance(Duration.ofMinutes(1));
    tickLaunches(3);
    assertEquals(
        0L, db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs WHERE status = 'FAILED'"));
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
