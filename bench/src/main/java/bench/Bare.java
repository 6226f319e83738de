package bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bare client (BareClient.java): the machine's ceiling for a JVM dispatcher, no store. */
final class Bare implements Dispatcher {

  static final String NAME = "bare HTTP client (no store)";

  private final Bench bench;
  private Child child;

  Bare(Bench bench) {
    this.bench = bench;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int inFlight() {
    return bench.inFlight();
  }

  @Override
  public void prepare(Work work) throws Exception {
    List<String> command = new ArrayList<>(List.of(bench.java()));
    command.addAll(bench.javaOptions());
    command.addAll(
        List.of(
            "-cp",
            bench.classpath(),
            "bench.BareClient",
            work.providerUrl(),
            String.valueOf(work.total()),
            String.valueOf(bench.inFlight())));
    child = new Child(command, Map.of(), bench.log(name(), work), "READY");
    child.awaitReady(Duration.ofSeconds(60));
  }

  @Override
  public void go() throws Exception {
    child.send("go");
  }

  @Override
  public double dispatcherCpuSeconds() {
    return Proc.cpuSeconds(child.pid());
  }

  @Override
  public double storeCpuSeconds() {
    return 0;
  }

  @Override
  public long peakRssMb() {
    return Proc.peakRssMb(child.pid());
  }

  @Override
  public long storeOperations() {
    return 0;
  }

  @Override
  public String storeOperationKind() {
    return "none";
  }

  @Override
  public void close() throws Exception {
    if (child != null) {
      child.close();
    }
  }
}
