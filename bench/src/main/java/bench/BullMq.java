package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A BullMQ 6.7 worker (Node), one job per contact, with Redis (AOF on, as for durable queues) or
 * with BullMQ's PostgreSQL backend on the same PostgreSQL as everyone else.
 */
final class BullMq implements Dispatcher {

  static final String DATABASE = "bench_bullmq";

  private final Bench bench;
  private final boolean postgres;
  private Child redis;
  private Child worker;
  private int redisPort;
  private long redisCommandsAtStart;

  BullMq(Bench bench, boolean postgres) {
    this.bench = bench;
    this.postgres = postgres;
  }

  @Override
  public String name() {
    return postgres ? "BullMQ (PostgreSQL)" : "BullMQ (Redis)";
  }

  @Override
  public int inFlight() {
    return bench.inFlight();
  }

  @Override
  public void prepare(Work work) throws Exception {
    String target;
    if (postgres) {
      bench.postgres().recreate(DATABASE);
      target = bench.postgres().uri(DATABASE);
    } else {
      redisPort = FreePort.find();
      Path dir = Files.createTempDirectory("bench-redis");
      redis =
          new Child(
              List.of(
                  "redis-server",
                  "--port", String.valueOf(redisPort),
                  "--bind", "127.0.0.1",
                  "--dir", dir.toString(),
                  "--appendonly", "yes",
                  "--appendfsync", "everysec",
                  "--save", ""),
              Map.of(),
              bench.log("redis", work),
              "Ready to accept connections");
      redis.awaitReady(Duration.ofSeconds(20));
      target = String.valueOf(redisPort);
    }
    Path scripts = bench.root().resolve("bench/bullmq");
    try (Child seed =
        new Child(
            List.of(
                bench.node(),
                scripts.resolve("seed.js").toString(),
                postgres ? "postgres" : "redis",
                target,
                String.valueOf(work.campaigns()),
                String.valueOf(work.contactsEach())),
            Map.of(),
            bench.log(name() + "-seed", work),
            null)) {
      if (seed.await(Duration.ofMinutes(5)) != 0) {
        throw new IllegalStateException("seeding BullMQ failed; see its log");
      }
    }
    worker =
        new Child(
            List.of(
                bench.node(),
                scripts.resolve("worker.js").toString(),
                postgres ? "postgres" : "redis",
                target,
                work.providerUrl(),
                String.valueOf(bench.inFlight())),
            Map.of(),
            bench.log(name(), work),
            "READY");
    worker.awaitReady(Duration.ofSeconds(60));
  }

  @Override
  public void go() throws Exception {
    if (!postgres) {
      redisCommandsAtStart = redisCommands();
    }
    worker.send("go");
  }

  @Override
  public double dispatcherCpuSeconds() {
    return Proc.cpuSeconds(worker.pid());
  }

  @Override
  public double storeCpuSeconds() {
    return postgres ? bench.postgres().cpuSeconds() : Proc.cpuSeconds(redis.pid());
  }

  @Override
  public long peakRssMb() {
    return Proc.peakRssMb(worker.pid());
  }

  @Override
  public long storeOperations() throws Exception {
    return postgres ? bench.postgres().statements(DATABASE) : redisCommands() - redisCommandsAtStart;
  }

  @Override
  public String storeOperationKind() {
    return postgres ? "SQL" : "Redis commands";
  }

  private long redisCommands() throws Exception {
    Process info =
        new ProcessBuilder("redis-cli", "-p", String.valueOf(redisPort), "info", "stats").start();
    String out = new String(info.getInputStream().readAllBytes());
    info.waitFor();
    for (String line : out.split("\r?\n")) {
      if (line.startsWith("total_commands_processed:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new IllegalStateException("no total_commands_processed in redis INFO");
  }

  @Override
  public void close() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (redis != null) {
      redis.close();
    }
  }
}
