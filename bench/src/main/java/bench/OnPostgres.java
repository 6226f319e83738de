package bench;

/** What the systems that keep their queue in PostgreSQL share: one process, one database. */
abstract class OnPostgres implements Dispatcher {

  protected final Bench bench;
  protected final String database;
  protected Child child;

  OnPostgres(Bench bench, String database) {
    this.bench = bench;
    this.database = database;
  }

  @Override
  public int inFlight() {
    return bench.inFlight();
  }

  @Override
  public double dispatcherCpuSeconds() {
    return Proc.cpuSeconds(child.pid());
  }

  @Override
  public double storeCpuSeconds() {
    return bench.postgres().cpuSeconds();
  }

  @Override
  public long peakRssMb() {
    return Proc.peakRssMb(child.pid());
  }

  @Override
  public long storeOperations() throws Exception {
    return bench.postgres().statements(database);
  }

  @Override
  public String storeOperationKind() {
    return "SQL";
  }

  @Override
  public void close() throws Exception {
    if (child != null) {
      child.close();
    }
  }
}
