package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Drops every database a system of the bench made ({@code bench_*}). A run leaves its database
   * full of dead rows (BullMQ on PostgreSQL: 200,000 and more), and autovacuum cleaned them up
   * during whichever run came next, on the server's CPU that run was charged with.
   */
  void dropBenchDatabases() throws SQLException {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%'")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      for (String name : names) {
        try (Statement drop = c.createStatement()) {
          drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
      }
    }
  }

  /**
   * Writes out what earlier work left dirty, so that a run starts on a fresh checkpoint: the
   * checkpoints the previous runs' WAL had requested (max_wal_size) otherwise ran during the next
   * run, on its CPU. Every system's run then pays for its own writes and their full-page images.
   */
  void checkpoint() throws SQLException {
    execute("postgres", "CHECKPOINT");
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
