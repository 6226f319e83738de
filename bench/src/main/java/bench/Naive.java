package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The naive cron route, driven back to back like campaign-tick. */
final class Naive extends OnPostgres {

  static final String DATABASE = "bench_naive";

  private final HttpClient http = HttpClient.newHttpClient();
  private Thread ticker;
  private volatile boolean running;
  private int port;

  Naive(Bench bench) {
    super(bench, DATABASE);
  }

  @Override
  public String name() {
    return "naive cron route";
  }

  @Override
  public int inFlight() {
    return 1;
  }

  @Override
  public void prepare(Work work) throws Exception {
    bench.postgres().recreate(DATABASE);
    bench.sql(
        DATABASE,
        NaiveCronRoute.SCHEMA,
        "INSERT INTO campaigns (status, scheduled_at, max_concurrent_calls)"
            + " SELECT 'SCHEDULED', now(), "
            + work.contactsEach()
            + " FROM generate_series(1, "
            + work.campaigns()
            + ")",
        "INSERT INTO contacts (campaign_id, phone) SELECT c.id, "
            + Bench.phoneSql("(c.id - 1) * " + work.contactsEach() + " + k - 1")
            + " FROM campaigns c, generate_series(1, "
            + work.contactsEach()
            + ") AS k",
        "ANALYZE");
    port = FreePort.find();
    child = startOnDatabase("bench.NaiveCronRoute", work, String.valueOf(port));
  }

  @Override
  public void go() {
    // The campaigns were seeded due; the route runs nothing until its cron starts here.
    running = true;
    ticker =
        new Thread(
            () -> {
              while (running) {
                try {
                  http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tick"))
                          .POST(HttpRequest.BodyPublishers.noBody())
                          .timeout(Duration.ofSeconds(60))
                          .build(),
                      HttpResponse.BodyHandlers.discarding());
                } catch (Exception e) {
                  if (running) {
                    System.err.println("naive tick failed: " + e);
                  }
                }
              }
            },
            "naive-ticker");
    ticker.start();
  }

  @Override
  public void close() throws Exception {
    running = false;
    super.close(); // ends a tick in progress, so the ticker's request returns
    if (ticker != null) {
      ticker.join(Duration.ofSeconds(30).toMillis());
    }
  }
}
