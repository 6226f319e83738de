package dev.campaigntick.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The schema version this build needs and the one the database has, compared with one query instead
 * of Flyway's validate or info (which scan the migrations and the history table): what the Lambda's
 * init phase and readiness check.
 */
@ApplicationScoped
public class SchemaVersion {

  /**
   * The highest migration in src/main/resources/db/migration; SchemaVersionTests fails when a
   * migration is added without raising it.
   */
  public static final int EXPECTED = 6;

  private final DataSource dataSource;

  public SchemaVersion(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The version of the last successful migration, or empty when none ran. */
  public Optional<Integer> applied() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        int version = rs.getInt(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(version);
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return Optional.empty(); // no history table: never migrated
      }
      throw new DatabaseUnavailableException(e);
    }
  }

  /** Whether the database has every migration this build ships. */
  public boolean isCurrent() {
    return isCurrent(applied());
  }

  /** Whether {@code applied} (a version read with {@link #applied()}) covers this build. */
  public static boolean isCurrent(Optional<Integer> applied) {
    return applied.map(v -> v >= EXPECTED).orElse(false);
  }
}
