package dev.campaigntick.tick;

import dev.campaigntick.db.DatabaseUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The automation switch on the cron-state row: off stops all launching, campaigns untouched. */
@ApplicationScoped
public class AutomationRepository {

  private final DataSource dataSource;

  public AutomationRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public boolean isEnabled() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT automation_enabled FROM cron_state WHERE id = 1");
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  public void setEnabled(boolean enabled) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE cron_state SET automation_enabled = ? WHERE id = 1")) {
      statement.setBoolean(1, enabled);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }
}
