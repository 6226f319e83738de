package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The one PostgreSQL server every database-backed system uses, each in a database of its own. */
final class Postgres {

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final Path dataDirectory;

  Postgres(String host, int port, String user, String password, Path dataDirectory) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.dataDirectory = dataDirectory;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  String uri(String database) {
    return "postgres://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user, password);
  }

  /** A fresh, empty database. */
  void recreate(String database) throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + database);
    }
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }
  }

  void execute(String database, String sql) throws SQLException {
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Forgets the statement counts of every database. */
  void resetStatements() throws SQLException {
    execute("postgres", "SELECT pg_stat_statements_reset()");
  }

  /** Statements executed in {@code database} since the last reset. */
  long statements(String database) throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements st"
                    + " JOIN pg_database d ON d.oid = st.dbid WHERE d.datname = '"
                    + database
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** CPU seconds of the whole server: the postmaster and every backend. */
  double cpuSeconds() {
    try {
      long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0));
      return Proc.treeCpuSeconds(pid);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read PostgreSQL's pid from " + dataDirectory, e);
    }
  }
}
