package bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A system that is one process of its own (its store, if any, is counted by the subclass). */
abstract class ChildSystem implements Dispatcher {

  protected final Bench bench;
  protected Child child;

  ChildSystem(Bench bench) {
    this.bench = bench;
  }

  /**
   * Starts one of this folder's mains with the Java systems' options ({@link Bench#javaOptions});
   * ready when it prints READY.
   */
  protected Child startMain(Work work, String mainClass, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(bench.java()));
    command.addAll(bench.javaOptions());
    command.addAll(List.of("-cp", bench.classpath(), mainClass));
    command.addAll(List.of(args));
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
  public long peakRssMb() {
    return Proc.peakRssMb(child.pid());
  }

  @Override
  public void close() throws Exception {
    if (child != null) {
      child.close();
    }
  }
}
