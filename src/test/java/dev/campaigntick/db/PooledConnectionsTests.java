package dev.campaigntick.db;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.Fixtures;
import dev.campaigntick.support.PoolBackends;
import dev.campaigntick.support.SettableTimeSource;
import dev.campaigntick.support.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
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
  @Inject AgroalDataSource dataSource;
  @Inject Instance<Flyway> nativeFlyway;

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

  /**
   * RDS Proxy pins a client's session to one database connection once it sees a session setting
   * change (a SET), so no pooled connection may carry one: not the driver's (it sends the
   * connection's name in the login message only when told the server is new enough,
   * assumeMinServerVersion, and otherwise a {@code SET application_name} after every login), not
   * Flyway's ({@code SET search_path} on the connection it migrates over), not the tick's.
   */
  @Test
  void noPooledConnectionCarriesASessionSettingAProxyWouldPinOn() throws SQLException {
    SchemaMigrator.migrate(nativeFlyway, dataSource); // already up to date: it still sets
    tickLaunches(3);
    List<Connection> pooled = new ArrayList<>();
    try {
      // Every connection the pool holds idle, each taken once: held, the next one is another.
      for (long i = dataSource.getMetrics().availableCount(); i > 0; i--) {
        pooled.add(dataSource.getConnection());
      }
      assertTrue(pooled.size() > 0, "the tick left its connections in the pool");
      for (Connection connection : pooled) {
        assertEquals(
            List.of("application_name = campaign-tick (client)"),
            settingsOfTheSession(connection),
            "a pooled connection's name (client: from its login message) and what SET changed");
      }
    } finally {
      for (Connection connection : pooled) {
        connection.close();
      }
    }
  }

  /** The connection's name, and every setting a SET changed in its session. */
  private static List<String> settingsOfTheSession(Connection connection) throws SQLException {
    List<String> settings = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT name || ' = ' || setting || ' (' || source || ')' FROM pg_settings"
                    + " WHERE source = 'session' OR name = 'application_name' ORDER BY name")) {
      while (rs.next()) {
        settings.add(rs.getString(1));
      }
    }
    return settings;
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
