package dev.campaigntick.db;

import dev.campaigntick.config.TickConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Brings the schema up to date at startup (containers, dev, tests), or only checks it where
 * migrating at start is off (Lambda, whose init phase is too short for migrations: there Flyway
 * runs as its own step). Refuses to start without a datasource, naming the variable to set.
 */
@ApplicationScoped
public class SchemaMigrator {

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);

  /** The longest a tick waits for the start-up schema check's connection. */
  private static final Duration FIRST_TICK_WAIT = Duration.ofSeconds(3);

  /** The start-up schema check running beside start-up (Lambda); done at once elsewhere. */
  private volatile CompletableFuture<Void> startupCheck = CompletableFuture.completedFuture(null);

  void onStart(
      @Observes StartupEvent event,
      Instance<Flyway> nativeFlyway,
      DataSource dataSource,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
      TickConfig config,
      SchemaVersion schema) {
    if (url.isEmpty() || url.get().isBlank()) {
      throw new IllegalStateException(
          "No database configured: set QUARKUS_DATASOURCE_JDBC_URL (for example"
              + " jdbc:postgresql://host:5432/campaign_tick), QUARKUS_DATASOURCE_USERNAME and"
              + " QUARKUS_DATASOURCE_PASSWORD");
    }
    if (config.migrateAtStart() || config.migrateOnly()) {
      var result = migrate(nativeFlyway, dataSource);
      if (result.migrationsExecuted == 0) {
        LOG.info("schema already up to date");
      } else {
        LOG.infof(
            "schema migrated to version %s (%d migrations applied)",
            result.targetSchemaVersion, result.migrationsExecuted);
      }
      if (config.migrateOnly()) {
        Quarkus.asyncExit(0);
      }
      return;
    }
    checkBesideStartUp(schema);
  }

  /**
   * Migrates over the pool and leaves none of the migration's connections in it: Flyway sets
   * search_path on the connection it migrates over and sets it back with another SET, so that
   * pooled connection would carry a session setting for the rest of its life (RDS Proxy pins such a
   * session to one database connection). The pool is idle at start: it opens fresh ones for the
   * first ticks.
   */
  static MigrateResult migrate(Instance<Flyway> nativeFlyway, DataSource dataSource) {
    try {
      return flyway(nativeFlyway, dataSource).migrate();
    } finally {
      if (dataSource instanceof AgroalDataSource pool) {
        pool.flush(AgroalDataSource.FlushMode.IDLE);
      }
    }
  }

  /**
   * Lambda: no migration in the short init phase, only a one-query check that someone ran it. It
   * opens the first database connection (a third of a second: driver, TLS, SCRAM), so it runs
   * beside the rest of start-up instead of before the port opens; the first tick waits for it
   * ({@link #awaitStartupCheckQuietly}) and then finds that connection in the pool.
   */
  void checkBesideStartUp(SchemaVersion schema) {
    startupCheck =
        CompletableFuture.runAsync(
            () -> checkSchema(schema),
            work -> {
              Thread thread = new Thread(work, "schema-check");
              thread.setDaemon(true);
              thread.start();
            });
  }

  /**
   * The Flyway that migrates: Flyway's own, built only here, on the JVM; in a native image the one
   * of Quarkus' Flyway extension (added by the native build only: it builds its Flyway at every
   * start, ~0.5 s on the JVM, but it is what lists the migrations inside an image). Both read
   * classpath:db/migration with Flyway's defaults.
   */
  private static Flyway flyway(Instance<Flyway> nativeFlyway, DataSource dataSource) {
    if (nativeFlyway.isResolvable()) {
      return nativeFlyway.get();
    }
    return Flyway.configure(SchemaMigrator.class.getClassLoader()).dataSource(dataSource).load();
  }

  /**
   * Lets a tick wait for the start-up schema check, which opens the pool's first connection: a tick
   * that arrives meanwhile would otherwise make the pool open a second one (on a fresh JVM a second
   * login, tens of milliseconds of CPU, and one more connection on the server) for a check that
   * gives its connection back milliseconds later. At most {@link #FIRST_TICK_WAIT}, about what the
   * tick would wait for a connection of its own; a failed check is the readiness check's to report,
   * so the tick then goes on and meets the database itself.
   */
  public void awaitStartupCheckQuietly() {
    if (startupCheck.isDone()) {
      return;
    }
    try {
      startupCheck.get(FIRST_TICK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debugf("tick goes on without the start-up schema check: %s", e);
    }
  }

  /**
   * Waits at most {@code limit} for the start-up schema check to end, so that nothing is using a
   * connection when the pool is emptied for a snapshot ({@link SnapshotHooks}).
   */
  void awaitStartupCheck(Duration limit) throws InterruptedException, TimeoutException {
    try {
      startupCheck.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the start-up schema check failed", e.getCause());
    }
  }

  private static void checkSchema(SchemaVersion schema) {
    try {
      Optional<Integer> applied = schema.applied();
      if (!SchemaVersion.isCurrent(applied)) {
        LOG.errorf(
            "the database schema (version %s) is behind this build (version %d): run the"
                + " migration step (MIGRATE_ONLY=true); readiness reports DOWN until then",
            applied.map(String::valueOf).orElse("none"), SchemaVersion.EXPECTED);
      }
    } catch (RuntimeException e) {
      LOG.errorf(
          "the schema could not be checked at start (%s); readiness reports DOWN until the"
              + " database answers",
          e.getMessage());
    }
  }
}
