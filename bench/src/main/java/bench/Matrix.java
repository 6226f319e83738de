package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs every system on the same work (C campaigns × K due contacts, a provider latency) against
 * the same PostgreSQL and the same recording provider stub, then writes docs/benchmarks.md.
 * Configured with system properties (bench/run.sh sets them); see bench/README.md.
 */
public final class Matrix {

  /** What one system did on one piece of work. */
  record Result(
      String system,
      Dispatcher.Work work,
      int inFlight,
      int launched,
      boolean complete,
      double seconds,
      double rate,
      long p50Ms,
      long p99Ms,
      double dispatcherCpu,
      double storeCpu,
      long peakRssMb,
      long storeOps,
      String storeOpKind,
      int duplicates,
      int requests,
      Dispatcher.Ticks ticks) {

    double cpuMsPerLaunch() {
      return launched == 0 ? Double.NaN : (dispatcherCpu + storeCpu) * 1000 / launched;
    }

    double opsPerLaunch() {
      return launched == 0 ? Double.NaN : (double) storeOps / launched;
    }
  }

  private Matrix() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    int inFlight = Integer.getInteger("bench.inflight", 64);
    Duration timebox = Duration.ofSeconds(Integer.getInteger("bench.timebox", 20));
    List<int[]> sizes =
        Arrays.stream(System.getProperty("bench.sizes", "10x1000,1000x100,10000x10").split(","))
            .map(s -> Arrays.stream(s.trim().split("x")).mapToInt(Integer::parseInt).toArray())
            .toList();
    List<Integer> latencies =
        Arrays.stream(System.getProperty("bench.latencies", "0,50,500").split(","))
            .map(s -> Integer.parseInt(s.trim()))
            .toList();
    Postgres postgres =
        new Postgres(
            System.getProperty("bench.pg.host", "127.0.0.1"),
            Integer.getInteger("bench.pg.port", 5432),
            System.getProperty("bench.pg.user", "bench"),
            System.getProperty("bench.pg.password", "bench"),
            Path.of(System.getProperty("bench.pg.data", "/var/lib/postgresql/15/main")));
    Bench bench =
        new Bench(
            postgres,
            root,
            root.resolve("bench/target/logs"),
            inFlight,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            System.getProperty("bench.node", "node"));
    Path jar = root.resolve("target/quarkus-app/quarkus-run.jar");
    Map<String, Function<Bench, Dispatcher>> known = new LinkedHashMap<>();
    known.put("campaign-tick", b -> new CampaignTick(b, jar, 0));
    known.put("campaign-tick-cron", b -> new CampaignTick(b, jar, 10));
    known.put("db-scheduler", DbScheduler::new);
    known.put("bullmq-redis", b -> new BullMq(b, false));
    known.put("bullmq-postgres", b -> new BullMq(b, true));
    known.put("naive", Naive::new);
    known.put("bare", Bare::new);
    // Every system unless bench.systems names some (blank: every one).
    String named = System.getProperty("bench.systems", "");
    List<String> systems =
        named.isBlank()
            ? List.copyOf(known.keySet())
            : Arrays.stream(named.split(",")).map(String::trim).toList();

    Instant began = Instant.now();
    List<Result> results = new ArrayList<>();
    try (ProviderStub stub = new ProviderStub()) {
      stub.warmUp(Integer.getInteger("bench.stub.warmup", 50_000));
      for (int[] size : sizes) {
        for (int latency : latencies) {
          Dispatcher.Work work = new Dispatcher.Work(size[0], size[1], latency, stub.url());
          for (String system : systems) {
            Function<Bench, Dispatcher> factory = known.get(system);
            if (factory == null) {
              throw new IllegalArgumentException("unknown system " + system + "; known: " + known.keySet());
            }
            Result result = run(factory.apply(bench), work, stub, postgres, timebox);
            results.add(result);
            System.out.printf(
                "%-28s %-18s %6d/%-6d %8.0f/s  p50 %6d ms  p99 %6d ms  cpu %.3f ms/launch  dup %d%n",
                result.system(), work.label(), result.launched(), work.total(), result.rate(),
                result.p50Ms(), result.p99Ms(), result.cpuMsPerLaunch(), result.duplicates());
          }
        }
      }
    }
    Duration took = Duration.between(began, Instant.now());
    Path out = root.resolve(System.getProperty("bench.out", "docs/benchmarks.md"));
    Report.write(out, results, bench, timebox, took);
    System.out.println("wrote " + out + " in " + took.toMinutes() + " min " + took.toSecondsPart() + " s");
  }

  static Result run(
      Dispatcher system, Dispatcher.Work work, ProviderStub stub, Postgres postgres, Duration timebox)
      throws Exception {
    try (system) {
      stub.reset(work.latencyMs());
      system.prepare(work);
      postgres.checkpoint();
      postgres.resetStatements();
      double dispatcher0 = system.dispatcherCpuSeconds();
      double store0 = system.storeCpuSeconds();
      long t0 = System.nanoTime();
      system.go();
      long deadline = t0 + timebox.toNanos();
      while (stub.launched() < work.total() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long end = System.nanoTime();
      double dispatcherCpu = system.dispatcherCpuSeconds() - dispatcher0;
      double storeCpu = system.storeCpuSeconds() - store0;
      long ops = system.storeOperations();
      long rss = system.peakRssMb();
      Dispatcher.Ticks ticks = system.ticks();
      ProviderStub.Stats stats = stub.stats(t0);
      writeTimeline(system, work, stats.delaysMs(), timebox);
      boolean complete = stats.launched() >= work.total();
      double seconds = ((complete ? stats.lastLaunchNanos() : end) - t0) / 1e9;
      return new Result(
          system.name(),
          work,
          system.inFlight(),
          stats.launched(),
          complete,
          seconds,
          stats.launched() / Math.max(seconds, 1e-3),
          percentile(stats.delaysMs(), 50),
          percentile(stats.delaysMs(), 99),
          dispatcherCpu,
          storeCpu,
          rss,
          ops,
          system.storeOperationKind(),
          stats.duplicates(),
          stats.requests(),
          ticks);
    } finally {
      // After the system stopped: nothing of this run is left for autovacuum to do in the next.
      postgres.dropBenchDatabases();
    }
  }

  /**
   * With {@code -Dbench.timeline=DIR}: the run's first launches per quarter second, one line
   * "ms count" each, to DIR/SYSTEM-CELL.txt. A full pipe at 50 ms and 64 in flight is 320; the
   * gaps show where a system's time went (a tick's start and end, a claim that came late).
   */
  static void writeTimeline(
      Dispatcher system, Dispatcher.Work work, List<Long> launchMs, Duration timebox)
      throws IOException {
    String dir = System.getProperty("bench.timeline");
    if (dir == null || dir.isBlank()) {
      return;
    }
    long[] counts = new long[(int) (timebox.toMillis() / 250) + 2];
    for (long ms : launchMs) {
      counts[(int) Math.min(counts.length - 1, Math.max(0, ms / 250))]++;
    }
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      lines.append(i * 250).append(' ').append(counts[i]).append('\n');
    }
    String file = system.name().replaceAll("[^a-zA-Z0-9]+", "-") + "-" + work.label() + ".txt";
    Files.createDirectories(Path.of(dir));
    Files.writeString(Path.of(dir, file), lines);
  }

  static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
