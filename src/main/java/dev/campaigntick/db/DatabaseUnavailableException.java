package dev.campaigntick.db;

import java.sql.SQLException;

/** The database could not be reached or answered with an error the run cannot continue after. */
public class DatabaseUnavailableException extends RuntimeException {

  public DatabaseUnavailableException(SQLException cause) {
    super("database unavailable: " + cause.getMessage(), cause);
  }
}
