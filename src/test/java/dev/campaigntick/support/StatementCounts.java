package dev.campaigntick.support;

/**
 * How many times the database ran a statement, from pg_stat_statements (the embedded test database
 * loads it; a database given through QUARKUS_DATASOURCE_* may not).
 */
public final class StatementCounts {

  private StatementCounts() {}

  /** Whether the server loads pg_stat_statements; creates the extension in this database if so. */
  public static boolean available(TestDatabase db) {
    Long loaded =
        db.scalar(
            Long.class,
            "SELECT count(*) FROM pg_settings WHERE name = 'shared_preload_libraries'"
                + " AND setting LIKE '%pg_stat_statements%'");
    if (loaded == 0) {
      return false;
    }
    db.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    return true;
  }

  /** Forgets every count so far ({@link #available} first). */
  public static void reset(TestDatabase db) {
    db.execute("SELECT pg_stat_statements_reset()");
  }

  /**
   * Executions in this database of statements whose text contains {@code fragment} (all of them for
   * an empty one), the counting itself left out.
   */
  public static long calls(TestDatabase db, String fragment) {
    return db.scalar(
        Long.class,
        "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND query LIKE '%' || ? || '%' AND query NOT LIKE '%pg_stat_statements%'",
        fragment);
  }
}
