package dev.campaigntick.db;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot hooks (SnapStart): no pooled connection survives into a snapshot, and a restored
 * function ticks on fresh connections even when the pool held dead ones. The pool's connections are
 * counted by the server, from a connection of the test's own outside the pool.
 */
@QuarkusTest
class SnapshotHooksTests {

  static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  /** The pool's connections name themselves so (application.properties). */
  static final String POOL = "campaign-tick";

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
    assertTrue(poolConnections() > 0, "the tick left its connections in the pool");

    hooks.beforeCheckpoint(null);
    assertEquals(0, poolConnectionsOnceSettled(), "connections open at the checkpoint");

    hooks.afterRestore(null);
    clock.advance(Duration.ofMinutes(1));
    tickLaunches(3);
  }

  @Test
  void aRestoreDropsConnectionsWhoseServerSideIsGone() throws Exception {
    tickLaunches(3);
    // What a snapshot restored later holds: pooled connections the server closed long ago.
    try (Connection outside = outsideConnection();
        PreparedStatement kill =
            outside.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      kill.setString(1, POOL);
      kill.executeQuery().close();
    }
    assertEquals(0, poolConnectionsOnceSettled());

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

  /** The pool's connections as the server sees them, once closed ones have left (up to 5 s). */
  private long poolConnectionsOnceSettled() throws SQLException, InterruptedException {
    long count = poolConnections();
    for (int i = 0; i < 100 && count > 0; i++) {
      Thread.sleep(50);
      count = poolConnections();
    }
    return count;
  }

  private long poolConnections() throws SQLException {
    try (Connection outside = outsideConnection();
        PreparedStatement count =
            outside.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      count.setString(1, POOL);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Connection outsideConnection() throws SQLException {
    var config = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        config.getValue("quarkus.datasource.jdbc.url", String.class),
        config.getValue("quarkus.datasource.username", String.class),
        config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
  }
}
