package dev.campaigntick.db;

import dev.campaigntick.config.TickConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Brings the schema up to date at startup (containers, dev, tests), or only checks it where
 * migrating at start is off (Lambda, whose init phase is too short for migrations: there Flyway
 * runs as its own step). Refuses to start without a datasource, naming the variable to set.
 */
@ApplicationScoped
public class SchemaMigrator {

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);

  void onStart(
      @Observes StartupEvent event,
      Instance<Flyway> flyway,
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
      var result = flyway.get().migrate();
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
    // Lambda: no migration in the short init phase, only a one-query check that someone ran it.
    if (!schema.isCurrent()) {
      LOG.errorf(
          "the database schema (version %s) is behind this build (version %d): run the"
              + " migration step (MIGRATE_ONLY=true); readiness reports DOWN until then",
          schema.applied().map(String::valueOf).orElse("none"), SchemaVersion.EXPECTED);
    }
  }
}
