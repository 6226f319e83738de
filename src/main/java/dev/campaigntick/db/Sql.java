package dev.campaigntick.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Small conversions between Java values and JDBC parameters, shared by the repositories. */
public final class Sql {

  /** Work on a connection that yields a result. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  private Sql() {}

  /**
   * Runs {@code work} in one transaction on {@code connection}: committed when it returns, rolled
   * back when it throws; the connection is back in auto-commit afterwards.
   */
  public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * Runs {@code work} (one statement) in its own transaction (or the caller's, if one is open) with
   * PostgreSQL's JIT compilation off. The planner switches JIT on by estimated cost, and the
   * admission plan and the claim, whose estimates grow with the number of campaigns in their array
   * parameters, crossed the threshold (jit_above_cost, 100,000) on some runs and not others: with
   * 10,000 campaigns a claim then spent about 460 ms compiling, more than it spent working. {@code
   * SET LOCAL} lasts until the commit, so no session state is left behind (nothing for RDS Proxy or
   * PgBouncer to pin on).
   */
  public static <T> T withoutJit(Connection connection, Work<T> work) throws SQLException {
    return withLocalSettings(connection, work, "jit = off");
  }

  /**
   * Runs {@code work}, one statement that updates rows named by a batch of ids joined to their
   * values, with nested-loop joins (and JIT) off: in its own transaction, or in the caller's if one
   * is open. Its statistics may date from a moment when no job was in flight (they are taken
   * between bursts), so the planner expects one QUEUED or ACTIVE row, scans them first and joins
   * every one to every id of the batch: 20,000 QUEUED rows against 2,000 ids took 4.6 s (EXPLAIN
   * ANALYZE), and ticks of the benchmark overran their budget by seconds. The statement also names
   * the ids as an index condition, so the hash join reads only those rows (by primary key in a
   * large table): 2,000 rows in 0.13 s on the same data. JIT goes off with nested loops: a join
   * that can only be a nested loop (a cross join) still gets one, at a cost raised by a constant
   * large enough to cross JIT's thresholds, and compiling then took 0.7 s of a 0.9-s statement.
   * {@code SET LOCAL} lasts until the commit: no session state. StaleStatisticsTests runs each such
   * statement on statistics taken at the wrong moment and counts the row pairs it compared.
   */
  public static <T> T withoutNestedLoops(Connection connection, Work<T> work) throws SQLException {
    return withLocalSettings(connection, work, "enable_nestloop = off", "jit = off");
  }

  /**
   * Runs {@code work} after {@code SET LOCAL} of each setting (one round trip): in a transaction of
   * its own, or in the caller's if one is open (the settings then last until the caller's commit).
   */
  private static <T> T withLocalSettings(Connection connection, Work<T> work, String... settings)
      throws SQLException {
    Work<T> set =
        () -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute(
                Arrays.stream(settings)
                    .map(setting -> "SET LOCAL " + setting)
                    .collect(Collectors.joining("; ")));
          }
          return work.run();
        };
    return connection.getAutoCommit() ? inTransaction(connection, set) : set.run();
  }

  /** An instant as a {@code timestamptz} parameter. */
  public static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** A {@code timestamptz} column as an instant, or null. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** A nullable integer column. */
  public static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  /** A nullable bigint column. */
  public static Long longValue(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static final JsonFactory JSON = new JsonFactory();

  /** What writes one JSON value to a generator. */
  public interface JsonWriting {
    void to(JsonGenerator g) throws IOException;
  }

  /**
   * JSON text, for a {@code ?::jsonb} parameter, written with Jackson's streaming generator: the
   * tick path builds no ObjectMapper (see TickReportJson).
   */
  public static String jsonText(JsonWriting writing) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writing.to(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** {@code {"field": value}} as JSON text. */
  public static String jsonObject(String field, String value) {
    return jsonText(
        g -> {
          g.writeStartObject();
          g.writeStringField(field, value);
          g.writeEndObject();
        });
  }
}
