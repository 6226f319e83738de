package dev.campaigntick.support;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The function's pooled connections as the server sees them (they carry
 * ApplicationName=campaign-tick), read and killed over a connection of the test's own, outside the
 * pool.
 */
public final class PoolBackends {

  /** The pool's connections name themselves so (application.properties). */
  public static final String POOL = "campaign-tick";

  private PoolBackends() {}

  /** How many connections of the pool the server has. */
  public static long count() throws SQLException {
    return query("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?");
  }

  /** How many, once closed ones have left (up to 5 s). */
  public static long countOnceSettled() throws SQLException, InterruptedException {
    long count = count();
    for (int i = 0; i < 100 && count > 0; i++) {
      Thread.sleep(50);
      count = count();
    }
    return count;
  }

  /** Waits up to 5 s until the server has exactly {@code expected} connections of the pool. */
  public static void awaitCount(long expected) throws SQLException, InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (count() != expected) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("the pool never had " + expected + " connection(s)");
      }
      Thread.sleep(20);
    }
  }

  /**
   * Ends every connection of the pool on the server side, as a restart, a failover or a proxy's
   * idle timeout would: the pool still holds them and does not know.
   */
  public static void terminate() throws SQLException, InterruptedException {
    query(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?");
    if (countOnceSettled() > 0) {
      throw new IllegalStateException("the pool's connections outlived pg_terminate_backend");
    }
  }

  /**
   * Runs {@code work} with planner settings set for the whole database (so the pool's connections
   * have them: it is emptied before and after), then puts them back.
   */
  public static void withDatabaseSettings(Map<String, String> settings, ThrowingRunnable work)
      throws Exception {
    try {
      alterDatabase(settings, true);
      work.run();
    } finally {
      alterDatabase(settings, false);
    }
  }

  /** A test body. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void alterDatabase(Map<String, String> settings, boolean set) throws Exception {
    try (Connection outside = outside();
        Statement statement = outside.createStatement()) {
      String database;
      try (ResultSet rs = statement.executeQuery("SELECT quote_ident(current_database())")) {
        rs.next();
        database = rs.getString(1);
      }
      for (var setting : settings.entrySet()) {
        statement.execute(
            "ALTER DATABASE "
                + database
                + (set
                    ? " SET " + setting.getKey() + " = '" + setting.getValue() + "'"
                    : " RESET " + setting.getKey()));
      }
    }
    Arc.container().instance(AgroalDataSource.class).get().flush(AgroalDataSource.FlushMode.ALL);
    if (countOnceSettled() > 0) {
      throw new IllegalStateException("the pool kept connections opened before the change");
    }
  }

  private static long query(String sql) throws SQLException {
    try (Connection outside = outside();
        PreparedStatement statement = outside.prepareStatement(sql)) {
      statement.setString(1, POOL);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A connection of the test's own, outside the pool (the caller closes it). */
  public static Connection outside() throws SQLException {
    var config = ConfigProvider.getConfig();
    return DriverManager.getConnection(
        config.getValue("quarkus.datasource.jdbc.url", String.class),
        config.getValue("quarkus.datasource.username", String.class),
        config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
  }
}
