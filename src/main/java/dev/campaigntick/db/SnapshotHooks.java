package dev.campaigntick.db;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * Makes the function safe to snapshot (AWS Lambda SnapStart, or any other CRaC runtime). A snapshot
 * taken with pooled database connections is restored minutes or days later, in many environments at
 * once, holding sockets whose server side is long gone, so the first tick of every restored
 * environment would fail (Quarkus issue 31401). Before the checkpoint the start-up schema check is
 * awaited and every pooled connection closed; after a restore the pool is emptied once more, so a
 * restored function always opens fresh connections. Without a snapshot runtime the hooks are
 * registered and never called.
 */
@Startup
@ApplicationScoped
public class SnapshotHooks implements Resource {

  private static final Logger LOG = Logger.getLogger(SnapshotHooks.class);

  /** The longest the checkpoint waits for the schema check, then for the connections to close. */
  private static final Duration CHECKPOINT_WAIT = Duration.ofSeconds(10);

  /** The longest a restore waits for connections to close (a restore has seconds, not minutes). */
  private static final Duration RESTORE_WAIT = Duration.ofSeconds(2);

  private static final long POLL_MILLIS = 5;

  private final AgroalDataSource dataSource;
  private final SchemaMigrator migrator;

  public SnapshotHooks(AgroalDataSource dataSource, SchemaMigrator migrator) {
    this.dataSource = dataSource;
    this.migrator = migrator;
  }

  @PostConstruct
  void register() {
    // The context holds its resources weakly; this bean lives as long as the application.
    Core.getGlobalContext().register(this);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
    migrator.awaitStartupCheck(CHECKPOINT_WAIT);
    long closed = closeConnections(CHECKPOINT_WAIT);
    LOG.infof("snapshot: %d database connections closed before the checkpoint", closed);
  }

  /**
   * Never fails the restore: nothing should be open (the checkpoint closed it all), and a
   * connection still closing is already out of the pool, which opens fresh ones either way.
   */
  @Override
  public void afterRestore(Context<? extends Resource> context) throws InterruptedException {
    try {
      long closed = closeConnections(RESTORE_WAIT);
      if (closed > 0) {
        LOG.warnf("restore: %d database connections from the snapshot closed", closed);
      }
    } catch (TimeoutException e) {
      LOG.warnf("restore: %s; ticks use fresh connections", e.getMessage());
    }
  }

  /**
   * Closes every pooled connection and waits, at most {@code limit}, until each one the pool ever
   * opened is closed (the pool closes them on its own thread); returns how many were open.
   */
  long closeConnections(Duration limit) throws InterruptedException, TimeoutException {
    AgroalDataSourceMetrics metrics = dataSource.getMetrics();
    long open = openConnections(metrics);
    dataSource.flush(AgroalDataSource.FlushMode.ALL);
    long giveUpAt = System.nanoTime() + limit.toNanos();
    while (openConnections(metrics) > 0) {
      if (System.nanoTime() - giveUpAt > 0) {
        throw new TimeoutException(
            openConnections(metrics) + " database connections still open after " + limit);
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    return open;
  }

  private static long openConnections(AgroalDataSourceMetrics metrics) {
    return metrics.creationCount() - metrics.destroyCount();
  }
}
