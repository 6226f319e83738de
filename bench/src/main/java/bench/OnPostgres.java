package bench;

/** What the systems that keep their queue in PostgreSQL share: one process, one database. */
abstract class OnPostgres extends ChildSystem {

  protected final String database;

  OnPostgres(Bench bench, String database) {
    super(bench);
    this.database = database;
  }

  /**
   * Starts one of this folder's mains on this system's database: its arguments are the JDBC URL,
   * user, password, the provider's URL and {@code last}; ready when it prints READY.
   */
  protected Child startOnDatabase(String mainClass, Work work, String last) throws Exception {
    return startMain(
        work,
        mainClass,
        bench.postgres().jdbcUrl(database),
        bench.postgres().user(),
        bench.postgres().password(),
        work.providerUrl(),
        last);
  }

  @Override
  public double storeCpuSeconds() {
    return bench.postgres().cpuSeconds();
  }

  @Override
  public long storeOperations() throws Exception {
    return bench.postgres().statements(database);
  }

  @Override
  public String storeOperationKind() {
    return "SQL";
  }
}
