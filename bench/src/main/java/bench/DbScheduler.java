package bench;

/** db-scheduler 16.7 on the same PostgreSQL: one one-time task per contact. */
final class DbScheduler extends OnPostgres {

  static final String DATABASE = "bench_dbs";

  /** db-scheduler's PostgreSQL table, as its documentation gives it. */
  static final String SCHEMA =
      """
      CREATE TABLE scheduled_tasks (
        task_name text NOT NULL,
        task_instance text NOT NULL,
        task_data bytea,
        execution_time timestamp with time zone NOT NULL,
        picked boolean NOT NULL,
        picked_by text,
        last_success timestamp with time zone,
        last_failure timestamp with time zone,
        consecutive_failures int,
        last_heartbeat timestamp with time zone,
        version bigint NOT NULL,
        priority smallint,
        PRIMARY KEY (task_name, task_instance)
      );
      CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
      """;

  DbScheduler(Bench bench) {
    super(bench, DATABASE);
  }

  @Override
  public String name() {
    return "db-scheduler";
  }

  @Override
  public void prepare(Work work) throws Exception {
    bench.postgres().recreate(DATABASE);
    bench.sql(
        DATABASE,
        SCHEMA,
        "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
            + " SELECT 'launch', "
            + Bench.phoneSql("i")
            + ", now(), false, 1 FROM generate_series(0, "
            + (work.total() - 1)
            + ") AS i",
        "ANALYZE");
    child = startOnDatabase("bench.DbSchedulerWorker", work, String.valueOf(bench.inFlight()));
  }

  /**
   * The tasks are due from the start; the scheduler waits paused until t0, as BullMQ's queue does.
   * (Seeding them for later and making them due with one UPDATE at t0 put 100,000 row updates,
   * and the autovacuum after them, inside db-scheduler's measured time.)
   */
  @Override
  public void go() throws Exception {
    child.send("go");
  }
}
