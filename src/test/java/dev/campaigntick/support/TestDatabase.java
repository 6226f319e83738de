package dev.campaigntick.support;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Direct SQL for tests: reset to an empty schema, seed rows, read what the function wrote. */
@ApplicationScoped
public class TestDatabase {

  private final DataSource dataSource;

  public TestDatabase(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Empties every table and puts the cron-state row back to its initial values. */
  public void reset() {
    execute(
        """
        TRUNCATE call_jobs, provider_calls, contacts, campaigns, list_members, audience_lists,
                 do_not_call, scheduler_runs RESTART IDENTITY CASCADE;
        UPDATE cron_state SET last_cron_run_at = NULL, last_run_id = NULL, lease_run_id = NULL,
                              lease_expires_at = NULL, automation_enabled = true;
        """);
  }

  /** Runs statements that return nothing. */
  public void execute(String sql, Object... params) {
    try (Connection connection = dataSource.getConnection()) {
      if (params.length == 0) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql);
        }
        return;
      }
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        bind(statement, params);
        statement.execute();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row, or null. */
  public <T> T scalar(Class<T> type, String sql, Object... params) {
    List<T> values = column(type, sql, params);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The first column of every row. */
  public <T> List<T> column(Class<T> type, String sql, Object... params) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      try (ResultSet rs = statement.executeQuery()) {
        List<T> values = new ArrayList<>();
        while (rs.next()) {
          values.add(rs.getObject(1, type));
        }
        return values;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object param = params[i];
      if (param instanceof java.time.Instant instant) {
        param = java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
      }
      statement.setObject(i + 1, param);
    }
  }
}
