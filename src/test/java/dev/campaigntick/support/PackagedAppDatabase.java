package dev.campaigntick.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real PostgreSQL of the test's own, its URL handed over the way an operator sets
 * QUARKUS_DATASOURCE_JDBC_URL: for tests of the packaged artifact (the jar runs in the prod
 * profile, where no embedded database is ever started), and for tests that reach it another way
 * (through a relay).
 */
public class PackagedAppDatabase implements QuarkusTestResourceLifecycleManager {

  private EmbeddedPostgres postgres;

  @Override
  public Map<String, String> start() {
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "quarkus.datasource.jdbc.url",
        postgres.getJdbcUrl("postgres", "postgres"),
        "quarkus.datasource.username",
        "postgres",
        "quarkus.datasource.password",
        "unused",
        "campaign-tick.cron-secret",
        Api.CRON_SECRET,
        "campaign-tick.admin-token",
        Api.ADMIN_TOKEN,
        "campaign-tick.webhook-secret",
        "test-webhook-secret");
  }

  /** The port the database listens on, once started. */
  protected int port() {
    return postgres.getPort();
  }

  @Override
  public void stop() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException ignored) {
        // the test JVM is ending
      }
    }
  }
}
