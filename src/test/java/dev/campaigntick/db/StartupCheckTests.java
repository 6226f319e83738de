package dev.campaigntick.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.campaigntick.support.PoolBackends;
import dev.campaigntick.support.TestDatabase;
import dev.campaigntick.tick.RunStatus;
import dev.campaigntick.tick.TickReport;
import dev.campaigntick.tick.TickService;
import dev.campaigntick.tick.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Lambda's start-up schema check opens the pool's first connection beside start-up; a tick that
 * arrives while it runs waits for it and uses that connection, instead of making the pool open a
 * second one (a second login on a fresh JVM, and one more connection per cold start). The check is
 * held mid-query by a lock on the table it reads, taken over a connection outside the pool.
 */
@QuarkusTest
class StartupCheckTests {

  @Inject SchemaMigrator migrator;
  @Inject SchemaVersion schema;
  @Inject SnapshotHooks hooks;
  @Inject TestDatabase db;
  @Inject TickService ticks;

  @BeforeEach
  void emptyPool() throws Exception {
    db.reset();
    hooks.closeConnections(Duration.ofSeconds(5));
    assertEquals(0, PoolBackends.countOnceSettled(), "the pool starts empty, as a fresh process");
  }

  @AfterEach
  void tearDown() throws Exception {
    migrator.awaitStartupCheck(Duration.ofSeconds(5));
  }

  @Test
  void aTickDuringTheStartupCheckWaitsForItAndUsesItsConnection() throws Exception {
    CompletableFuture<TickReport> tick;
    try (Connection outside = PoolBackends.outside();
        Statement lock = outside.createStatement()) {
      outside.setAutoCommit(false);
      lock.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");

      migrator.checkBesideStartUp(schema);
      PoolBackends.awaitCount(1); // the check has the pool's first connection and waits on the lock
      tick = CompletableFuture.supplyAsync(() -> ticks.run(Trigger.CRON, null, System.nanoTime()));

      Thread.sleep(500); // long enough for a tick of an empty database, were it not waiting
      assertFalse(tick.isDone(), "the tick waits for the start-up check");
      assertEquals(1, PoolBackends.count(), "no second connection while the check runs");
      outside.rollback();
    }
    TickReport report = tick.get(10, TimeUnit.SECONDS);
    assertEquals(RunStatus.COMPLETED, report.status());
    assertEquals(1, PoolBackends.count(), "the tick ran on the check's connection");
  }
}
