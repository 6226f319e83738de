package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * campaign-tick as shipped (the packaged jar), driven like a cron drives it: the tick URL back to
 * back, or once per compressed "minute" (CRON_INTERVAL_SECONDS) as a scheduler would.
 */
final class CampaignTick extends OnPostgres {

  static final String DATABASE = "bench_ct";
  static final long BUDGET_MS = 10_000;

  private final Path jar;
  private final int cronSeconds;
  private final HttpClient http = HttpClient.newHttpClient();
  /**
   * Ticks that ran: counted when sent, uncounted if answered SKIPPED. A tick still running when a
   * run ends has sent its statements, so it counts (answered ones alone made statements per tick
   * look twice as high whenever the last contact went out before the last tick answered).
   */
  private final AtomicInteger ticks = new AtomicInteger();
  private final AtomicLong maxTickMs = new AtomicLong();
  private final AtomicInteger overBudget = new AtomicInteger();
  private Thread ticker;
  private volatile boolean running;
  private int port;

  /** {@code cronSeconds} 0: back to back; otherwise one tick every so many seconds. */
  CampaignTick(Bench bench, Path jar, int cronSeconds) {
    super(bench, DATABASE);
    this.jar = jar;
    this.cronSeconds = cronSeconds;
  }

  @Override
  public String name() {
    return cronSeconds == 0 ? "campaign-tick" : "campaign-tick (cron " + cronSeconds + " s)";
  }

  /** The jar run the way the container image runs it: with Dockerfile.jvm's JVM options. */
  private List<String> command() throws IOException {
    List<String> command = new ArrayList<>(List.of(bench.java()));
    command.addAll(bench.shippedJvmOptions());
    command.addAll(List.of("-jar", jar.toString()));
    return command;
  }

  @Override
  public void prepare(Work work) throws Exception {
    bench.postgres().recreate(DATABASE);
    port = FreePort.find();
    child =
        new Child(
            command(),
            Map.ofEntries(
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", bench.postgres().jdbcUrl(DATABASE)),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", bench.postgres().user()),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", bench.postgres().password()),
                Map.entry("PORT", String.valueOf(port)),
                Map.entry("CRON_SECRET", "bench"),
                Map.entry("ADMIN_TOKEN", "bench-admin"),
                Map.entry("CALL_PROVIDER", "http"),
                Map.entry("CALL_PROVIDER_URL", work.providerUrl()),
                Map.entry("CALL_PROVIDER_TOKEN", "bench"),
                Map.entry("CALL_PROVIDER_CONCURRENCY", String.valueOf(bench.inFlight())),
                Map.entry("CRON_INTERVAL_SECONDS", String.valueOf(Math.max(1, cronSeconds))),
                Map.entry("TICK_BUDGET_MS", String.valueOf(BUDGET_MS)),
                // For profiling: bench/run.sh passes BENCH_CT_JAVA_OPTS through (JFR, say).
                Map.entry("JAVA_TOOL_OPTIONS", System.getProperty("bench.ct.javaopts", ""))),
            bench.log(name(), work),
            "Listening on");
    child.awaitReady(Duration.ofSeconds(60));
    // Campaigns as the API leaves them: scheduled, contacts imported; the cap admits every
    // contact, so all systems do the same work. They are due from here, but nothing dispatches
    // them until go() starts the cron (as BullMQ's queue is resumed): an UPDATE that made them due
    // at go() charged campaign-tick alone with a new connection and a write of every campaign
    // (32 ms at 10 campaigns, 134 ms at 10,000) inside its measured time.
    bench.sql(
        DATABASE,
        "INSERT INTO campaigns (organization_id, name, status, scheduled_at, max_concurrent_calls,"
            + " agent, created_at, updated_at)"
            + " SELECT 'org-' || (i % 10), 'bench ' || i, 'SCHEDULED', now(), "
            + work.contactsEach()
            + ", '{}', now(), now() FROM generate_series(1, "
            + work.campaigns()
            + ") AS i",
        "INSERT INTO contacts (campaign_id, phone, created_at)"
            + " SELECT c.id, "
            + Bench.phoneSql("(c.id - 1) * " + work.contactsEach() + " + k - 1")
            + ", now() FROM campaigns c, generate_series(1, "
            + work.contactsEach()
            + ") AS k",
        "ANALYZE");
  }

  @Override
  public void go() {
    running = true;
    long start = System.nanoTime();
    ticker =
        new Thread(
            () -> {
              long n = 0;
              while (running) {
                tick();
                if (cronSeconds > 0) {
                  n++;
                  long next = start + Duration.ofSeconds(cronSeconds * n).toNanos();
                  sleepUntil(next);
                }
              }
            },
            "ticker");
    ticker.start();
  }

  private void tick() {
    long began = System.nanoTime();
    ticks.incrementAndGet();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/scheduler/tick"))
                  .header("X-Cron-Secret", "bench")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long ms = Duration.ofNanos(System.nanoTime() - began).toMillis();
      if (response.statusCode() != 200 || response.body().contains("\"SKIPPED\"")) {
        ticks.decrementAndGet();
      } else {
        maxTickMs.accumulateAndGet(ms, Math::max);
        if (ms > BUDGET_MS) {
          overBudget.incrementAndGet();
        }
      }
    } catch (Exception e) {
      if (running) {
        ticks.decrementAndGet();
        System.err.println("tick failed: " + e);
      }
    }
  }

  private void sleepUntil(long nanos) {
    while (running && System.nanoTime() < nanos) {
      try {
        Thread.sleep(Math.max(1, Math.min(100, (nanos - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public Ticks ticks() {
    return new Ticks(ticks.get(), maxTickMs.get(), overBudget.get());
  }

  @Override
  public void close() throws Exception {
    running = false;
    if (ticker != null) {
      ticker.join(Duration.ofSeconds(30).toMillis());
    }
    super.close();
  }
}
