package dev.campaigntick.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A real HTTP call provider on loopback that records every request and answers as a test says: any
 * status, slowly, or (for one idempotency key seen twice) 409 as a real provider would.
 */
public final class ProviderStub {

  /** One request as the stub received it. */
  public record Request(String idempotencyKey, String authorization, String body) {}

  /** How the stub answers a request: status and body. */
  public record Answer(int status, String body, Duration delay) {
    public static Answer accept(String callId) {
      return new Answer(200, "{\"id\":\"" + callId + "\"}", Duration.ZERO);
    }

    public static Answer status(int status) {
      return new Answer(status, "{\"error\":\"stub says " + status + "\"}", Duration.ZERO);
    }

    public Answer after(Duration delay) {
      return new Answer(status, body, delay);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> acceptedKeys = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile Function<Request, Answer> behaviour;

  public ProviderStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.createContext("/calls", this::handle);
    server.setExecutor(executor);
    reset();
  }

  public void start() {
    server.start();
  }

  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/calls";
  }

  /** Accepts every call, deduplicating keys it has seen (409 with the same id). */
  public void reset() {
    requests.clear();
    acceptedKeys.clear();
    behaviour = r -> Answer.accept("call-" + counter.incrementAndGet());
  }

  /** Answers every request with what {@code answer} says. */
  public void answer(Function<Request, Answer> answer) {
    this.behaviour = answer;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many times each idempotency key was sent. */
  public Map<String, Long> sendsPerKey() {
    return requests.stream()
        .collect(Collectors.groupingBy(Request::idempotencyKey, Collectors.counting()));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request =
          new Request(
              exchange.getRequestHeaders().getFirst("Idempotency-Key"),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body);
      requests.add(request);
      Answer answer;
      String known =
          request.idempotencyKey() == null ? null : acceptedKeys.get(request.idempotencyKey());
      if (known != null) {
        answer = new Answer(409, "{\"id\":\"" + known + "\"}", Duration.ZERO);
      } else {
        answer = behaviour.apply(request);
        if (answer.status() / 100 == 2 && request.idempotencyKey() != null) {
          String id = answer.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
          acceptedKeys.put(request.idempotencyKey(), id);
        }
      }
      if (!answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
