package bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the systems that keep their queue in PostgreSQL share: one process, one database. */
abstract class OnPostgres implements Dispatcher {

  protected final Bench bench;
  protected final String database;
  protected Child child;

  OnPostgres(Bench bench, String database) {
    this.bench = bench;
    this.database = database;
  }

  /**
   * Starts one of this folder's mains on this system's database: its arguments are the JDBC URL,
   * user, password, the provider's URL and {@code last}; ready when it prints READY.
   */
  protected Child startMain(String mainClass, Work work, String last) throws Exception {
    List<String> command = new ArrayList<>(List.of(bench.java()));
    command.addAll(bench.javaOptions());
    command.addAll(
        List.of(
            "-cp",
            bench.classpath(),
            mainClass,
            bench.postgres().jdbcUrl(database),
            bench.postgres().user(),
            bench.postgres().password(),
            work.providerUrl(),
            last));
    Child started = new Child(command, Map.of(), bench.log(name(), work), "READY");
    started.awaitReady(Duration.ofSeconds(60));
    return started;
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
