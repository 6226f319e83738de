package dev.campaigntick.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  private static long query(String sql) throws SQLException {
    var config = ConfigProvider.getConfig();
    try (Connection outside =
            DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        PreparedStatement statement = outside.prepareStatement(sql)) {
      statement.setString(1, POOL);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
