package dev.campaigntick.support;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

  /**
   * How the stub answers a request: status and body, sent after {@code delay} and once {@code
   * release} has completed.
   */
  public record Answer(int status, String body, Duration delay, CompletableFuture<?> release) {
    public Answer(int status, String body, Duration delay) {
      this(status, body, delay, CompletableFuture.completedFuture(null));
    }

    public static Answer accept(String callId) {
      return new Answer(200, "{\"id\":\"" + callId + "\"}", Duration.ZERO);
    }

    public static Answer status(int status) {
      return new Answer(status, "{\"error\":\"stub says " + status + "\"}", Duration.ZERO);
    }

    public Answer after(Duration delay) {
      return new Answer(status, body, delay, release);
    }

    /** This answer held until the test completes {@code release}, however long that takes. */
    public Answer heldUntil(CompletableFuture<?> release) {
      return new Answer(status, body, delay, release);
    }
  }

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> acceptedKeys = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile Function<Request, Answer> behaviour;

  public ProviderStub() throws IOException {
    server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
    server.requestHandler(this::handle);
    reset();
  }

  public void start() throws IOException {
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("stub provider did not start", e);
    }
  }

  public void stop() {
    vertx.close();
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/calls";
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

  /**
   * Contacts called under more than one idempotency key: real duplicate calls. A re-send of the
   * same key is not one (the provider answers 409), so it does not count here.
   */
  public long duplicateCalls() {
    return requests.stream()
        .collect(
            Collectors.groupingBy(
                r -> r.body().replaceAll("(?s).*\"phone\":\"([^\"]+)\".*", "$1"),
                Collectors.mapping(Request::idempotencyKey, Collectors.toSet())))
        .values()
        .stream()
        .filter(keys -> keys.size() > 1)
        .count();
  }

  /** Requests that re-sent a key already sent (answered 409 once accepted). */
  public long resends() {
    return requests.size() - sendsPerKey().size();
  }

  private void handle(HttpServerRequest http) {
    http.body()
        .onSuccess(
            buffer -> {
              Request request =
                  new Request(
                      http.getHeader("Idempotency-Key"),
                      http.getHeader("Authorization"),
                      buffer.toString(StandardCharsets.UTF_8));
              requests.add(request);
              Answer answer = answerFor(request);
              Runnable end =
                  () ->
                      http.response()
                          .setStatusCode(answer.status())
                          .putHeader("Content-Type", "application/json")
                          .end(answer.body());
              Runnable respond =
                  () -> {
                    if (answer.release().isDone()) {
                      end.run();
                    } else {
                      // Runs on this request's event loop (here or in the timer): answered there.
                      Context context = vertx.getOrCreateContext();
                      answer.release().whenComplete((v, e) -> context.runOnContext(x -> end.run()));
                    }
                  };
              if (answer.delay().isZero()) {
                respond.run();
              } else {
                vertx.setTimer(answer.delay().toMillis(), id -> respond.run());
              }
            });
  }

  private Answer answerFor(Request request) {
    String key = request.idempotencyKey();
    String known = key == null ? null : acceptedKeys.get(key);
    if (known != null) {
      return new Answer(409, "{\"id\":\"" + known + "\"}", Duration.ZERO);
    }
    Answer answer = behaviour.apply(request);
    if (answer.status() / 100 == 2 && key != null) {
      acceptedKeys.put(key, answer.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
    }
    return answer;
  }
}
