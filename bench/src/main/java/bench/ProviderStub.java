package bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The call provider every system launches through: answers after a set latency and records every
 * request, so launches can be counted, timed and checked for duplicates. A repeated
 * Idempotency-Key gets 409 (the provider already has that call) and is not a new launch; the same
 * phone launched under two keys is a duplicate call. Needs -Dsun.net.httpserver.nodelay=true.
 */
final class ProviderStub implements AutoCloseable {

  private static final Pattern PHONE = Pattern.compile("\"phone\"\\s*:\\s*\"([^\"]+)\"");

  /** What the stub saw in one run. */
  record Stats(
      int launched, int requests, int duplicates, long lastLaunchNanos, List<Long> delaysMs) {}

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(8);
  private final ScheduledExecutorService delayed = Executors.newScheduledThreadPool(2);
  private final Map<String, Boolean> keys = new ConcurrentHashMap<>();
  private final Map<String, Long> firstLaunch = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong lastLaunch = new AtomicLong();
  private final AtomicLong callIds = new AtomicLong();
  private volatile int latencyMs;

  ProviderStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/calls";
  }

  /**
   * Sends {@code requests} launches through the stub, 64 at a time, and forgets them: the stub
   * runs in the driver's JVM, and cold (interpreted, its classes not yet loaded) it took CPU from
   * whichever system the matrix ran first, always campaign-tick's 10 x 1,000 at 0 ms.
   */
  void warmUp(int requests) throws Exception {
    reset(0);
    HttpClient client = HttpClient.newHttpClient();
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<?>> sent = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      inFlight.acquire();
      HttpRequest launch =
          HttpRequest.newBuilder(URI.create(url()))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", "warm-up-" + (i / 2)) // every other one a 409
              .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"+1" + i + "\"}"))
              .build();
      sent.add(
          client
              .sendAsync(launch, HttpResponse.BodyHandlers.discarding())
              .whenComplete((answer, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    reset(0);
  }

  /** Forgets everything and answers after {@code latencyMs} from now on. */
  void reset(int latencyMs) {
    this.latencyMs = latencyMs;
    keys.clear();
    firstLaunch.clear();
    requests.set(0);
    duplicates.set(0);
    lastLaunch.set(0);
  }

  int launched() {
    return firstLaunch.size();
  }

  Stats stats(long startNanos) {
    List<Long> delays = new ArrayList<>(firstLaunch.size());
    for (long at : firstLaunch.values()) {
      delays.add(TimeUnit.NANOSECONDS.toMillis(at - startNanos));
    }
    Collections.sort(delays);
    return new Stats(
        firstLaunch.size(),
        (int) requests.get(),
        (int) duplicates.get(),
        lastLaunch.get(),
        delays);
  }

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    requests.incrementAndGet();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    int status;
    if (key != null && keys.putIfAbsent(key, Boolean.TRUE) != null) {
      status = 409; // the provider already has this call: not a second one
    } else {
      status = 200;
      Matcher phone = PHONE.matcher(body);
      String who = phone.find() ? phone.group(1) : "unknown";
      if (firstLaunch.putIfAbsent(who, now) != null) {
        duplicates.incrementAndGet();
      }
      lastLaunch.accumulateAndGet(now, Math::max);
    }
    byte[] answer =
        ("{\"id\":\"call-" + callIds.incrementAndGet() + "\"}").getBytes(StandardCharsets.UTF_8);
    Runnable respond =
        () -> {
          try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
          } catch (IOException e) {
            // the caller gave up (timeout): nothing to answer
          } finally {
            exchange.close();
          }
        };
    if (latencyMs == 0) {
      respond.run();
    } else {
      delayed.schedule(respond, latencyMs, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    delayed.shutdownNow();
  }
}
