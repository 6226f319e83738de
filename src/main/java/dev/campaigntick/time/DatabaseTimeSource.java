package dev.campaigntick.time;

import dev.campaigntick.db.DatabaseUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;

/** "Now" as PostgreSQL sees it, so every instance agrees whatever its host clock says. */
@ApplicationScoped
public class DatabaseTimeSource implements TimeSource {

  private final DataSource dataSource;

  public DatabaseTimeSource(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Instant now() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT date_trunc('milliseconds', clock_timestamp())")) {
      rs.next();
      return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }
}
