package dev.campaigntick.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A connection (in a transaction) that also records the executed plan of every statement it runs:
 * each {@code executeQuery} or {@code executeUpdate} first runs {@code EXPLAIN (ANALYZE, FORMAT
 * JSON)} of the same statement with the same parameters inside a savepoint it then rolls back, and
 * then the statement itself, so the code under test gets its own result and the database ends as if
 * it had run once.
 */
public final class PlanCapture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JsonNode> plans = new ArrayList<>();

  /** The plans recorded so far, one {@code Plan} node each, in the order the queries ran. */
  public List<JsonNode> plans() {
    return plans;
  }

  /** {@code dataSource}, whose connections record plans into this capture (in a transaction). */
  public DataSource wrap(DataSource dataSource) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) ->
                method.getName().equals("getConnection") && args == null
                    ? wrap(dataSource.getConnection())
                    : invoke(method, dataSource, args));
  }

  /** {@code connection} (not in auto-commit), recording plans into this capture. */
  public Connection wrap(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement")
                  && args.length == 1
                  && args[0] instanceof String sql) {
                return explaining(
                    connection,
                    connection.prepareStatement(sql),
                    connection.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql));
              }
              return invoke(method, connection, args);
            });
  }

  private PreparedStatement explaining(
      Connection connection, PreparedStatement statement, PreparedStatement explain) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              String name = method.getName();
              if (name.startsWith("set") || name.equals("close")) {
                invoke(method, explain, args);
              } else if ((name.equals("executeQuery") || name.equals("executeUpdate"))
                  && args == null) {
                Savepoint before = connection.setSavepoint();
                try (ResultSet rs = explain.executeQuery()) {
                  rs.next();
                  plans.add(JSON.readTree(rs.getString(1)).get(0).get("Plan"));
                }
                connection.rollback(before);
              }
              return invoke(method, statement, args);
            });
  }

  /**
   * Rows a plan's joins compared and discarded ("Rows Removed by Join Filter", times the loops of
   * the join): a join driven by an index or a hash discards few; a nested loop that compares every
   * row of one side with every row of the other discards nearly all of their product.
   */
  public static long rowsRemovedByJoinFilters(JsonNode plan) {
    long removed =
        plan.path("Rows Removed by Join Filter").asLong(0) * plan.path("Actual Loops").asLong(1);
    for (JsonNode child : plan.path("Plans")) {
      removed += rowsRemovedByJoinFilters(child);
    }
    return removed;
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
