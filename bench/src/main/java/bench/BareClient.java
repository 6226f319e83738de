package bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference, not a competitor: every contact launched with nothing else done. No store, no
 * claim, no record of the outcome; the phones are computed, not read. The same HTTP client as
 * campaign-tick's provider (Vert.x, one pooled keep-alive connection per launch in flight,
 * TCP_NODELAY, two event loops), started cold like every other system. What it reaches is what
 * this machine and stub allow any JVM dispatcher with that many launches in flight.
 *
 * <p>Arguments: providerUrl total inFlight. Prints READY, sends on a line "go" on standard input.
 */
public final class BareClient {

  private static final int EVENT_LOOPS = 2;

  private final HttpClient client;
  private final RequestOptions target;
  private final long total;
  private final AtomicLong next = new AtomicLong();

  private BareClient(Vertx vertx, String url, long total, int inFlight) {
    this.total = total;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setMaxPoolSize(inFlight)
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(2000));
    this.target =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url)
            .setTimeout(5000)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    int inFlight = Integer.parseInt(args[2]);
    BareClient bare = new BareClient(vertx, args[0], Long.parseLong(args[1]), inFlight);
    System.out.println("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      return;
    }
    // Each event loop keeps its share of the launches in flight: an answer starts the next one.
    for (int loop = 0; loop < EVENT_LOOPS; loop++) {
      Context context = ((VertxInternal) vertx).createEventLoopContext();
      int share = inFlight / EVENT_LOOPS + (loop < inFlight % EVENT_LOOPS ? 1 : 0);
      context.runOnContext(
          ignored -> {
            for (int i = 0; i < share; i++) {
              bare.launchNext();
            }
          });
    }
    in.readLine(); // until the driver closes standard input (or ends this process)
    vertx.close();
  }

  /** Launches the next contact, if any; its answer launches the one after. */
  private void launchNext() {
    long index = next.getAndIncrement();
    if (index >= total) {
      return;
    }
    // The same phones as every system's contacts (Bench.phoneSql).
    String phone = "+1" + (2_000_000_000L + index);
    Buffer body = Buffer.buffer("{\"phone\":\"" + phone + "\"}");
    client
        .request(new RequestOptions(target).putHeader("Idempotency-Key", "bare-" + phone))
        .compose(call -> call.send(body).compose(HttpClientResponse::body))
        .onComplete(
            done -> {
              if (done.failed()) {
                System.err.println("launch failed: " + done.cause());
              }
              launchNext();
            });
  }
}
