package dev.campaigntick.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.util.TypeLiteral;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The generic HTTP provider (CONTRACT.md section 6) on Vert.x's HTTP client: one pooled keep-alive
 * connection per launch in flight, a per-launch timeout, and a SmallRye Fault Tolerance circuit
 * breaker that, after a run of failures, stops sending for a while instead of letting a dead
 * provider burn every tick's budget. A launch is a few hundred bytes written straight from the
 * claimed row (the stored JSON goes in as it is) and an answer read for its id: no object mapping,
 * no per-call context capture, no thread hop. Answers become {@link LaunchResult}s; nothing
 * escapes.
 */
public final class HttpCallProvider implements CallProvider {

  /** The breaker's name, for metrics and {@code CircuitBreakerMaintenance}. */
  public static final String BREAKER = "call-provider";

  /** Event loops the launches are spread over (each context sits on the next loop of Vert.x). */
  private static final int EVENT_LOOPS = 2;

  private static final TypeLiteral<CompletionStage<LaunchResult>> RESULT_STAGE =
      new TypeLiteral<>() {};

  /** Writes launch bodies and reads answers; no ObjectMapper (a fresh process builds none). */
  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient client;
  private final RequestOptions target;
  private final String authorization;
  private final TypedGuard<CompletionStage<LaunchResult>> guard;
  private final Context[] loops;
  private final AtomicInteger nextLoop = new AtomicInteger();

  /**
   * @param concurrency launches in flight at once: the connection pool's size
   * @param timeoutMs how long a launch waits for an answer before it is unconfirmed
   */
  public HttpCallProvider(Vertx vertx, URI url, String token, int concurrency, int timeoutMs) {
    this.authorization = "Bearer " + token;
    this.loops = new Context[EVENT_LOOPS];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = ((VertxInternal) vertx).createEventLoopContext();
    }
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setMaxPoolSize(concurrency)
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(Math.min(timeoutMs, 2000)));
    this.target =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url.toString())
            .setTimeout(timeoutMs)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.ACCEPT, "application/json");
    this.guard =
        TypedGuard.create(RESULT_STAGE)
            .withDescription(BREAKER)
            .withThreadOffload(false)
            .withCircuitBreaker()
            .name(BREAKER)
            .requestVolumeThreshold(10)
            .failureRatio(0.5)
            .delay(15, ChronoUnit.SECONDS)
            .successThreshold(2)
            .skipOn(ProviderRejectedException.class)
            .done()
            .build();
  }

  /** Sends one launch with its idempotency key; see the class comment for the policies. */
  @Override
  public CompletionStage<LaunchResult> launch(LaunchRequest request) {
    // The guard runs on an event loop of our own. Fault Tolerance remembers the Vert.x context it
    // is called on and hands the call and its answer back through it: called on a worker thread
    // (the tick's), every launch and every answer would be a blocking-pool hop, and the launch an
    // answer starts would hop again. On our loop both are a task on the same thread. A launch
    // started from an answer's handler is already there.
    if (isOurs(Vertx.currentContext())) {
      return guarded(request);
    }
    CompletableFuture<LaunchResult> result = new CompletableFuture<>();
    nextLoop()
        .runOnContext(
            ignored ->
                guarded(request)
                    .whenComplete(
                        (answer, error) ->
                            result.complete(answer != null ? answer : resultOf(error))));
    return result;
  }

  private CompletionStage<LaunchResult> guarded(LaunchRequest request) {
    return guard.get(() -> send(request)).exceptionally(HttpCallProvider::resultOf);
  }

  private CompletionStage<LaunchResult> send(LaunchRequest request) {
    Buffer body = Buffer.buffer(body(JSON, request));
    RequestOptions options =
        new RequestOptions(target)
            .putHeader(HttpHeaders.AUTHORIZATION, authorization)
            .putHeader("Idempotency-Key", request.queueJobId());
    CompletableFuture<LaunchResult> result = new CompletableFuture<>();
    // Issued on an event loop of our own (see launch): on the tick's worker thread Vert.x would
    // see the inbound request's context as current and could run the answer's handlers off its
    // loop, losing a body now and then (a launch that never completes).
    if (isOurs(Vertx.currentContext())) {
      post(options, body, result);
    } else {
      nextLoop().runOnContext(ignored -> post(options, body, result));
    }
    return result;
  }

  private void post(RequestOptions options, Buffer body, CompletableFuture<LaunchResult> result) {
    client
        .request(options)
        .compose(
            call ->
                call.send(body)
                    .compose(
                        response ->
                            response
                                .body()
                                .map(answer -> interpret(response.statusCode(), answer))))
        .onComplete(
            done -> {
              if (done.succeeded()) {
                result.complete(done.result());
              } else {
                result.completeExceptionally(done.cause());
              }
            });
  }

  private boolean isOurs(Context context) {
    for (Context loop : loops) {
      if (loop == context) {
        return true;
      }
    }
    return false;
  }

  private Context nextLoop() {
    return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
  }

  /** The launch body of CONTRACT.md section 6. */
  static byte[] body(JsonFactory json, LaunchRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("jobId", request.jobId());
      g.writeStringField("queueJobId", request.queueJobId());
      g.writeNumberField("campaignId", request.campaignId());
      g.writeStringField("organizationId", request.organizationId());
      g.writeObjectFieldStart("contact");
      g.writeStringField("phone", request.phone());
      g.writeStringField("name", request.name());
      writeStoredJson(g, "attributes", request.attributesJson());
      g.writeEndObject();
      writeStoredJson(g, "agent", request.agentJson());
      g.writeStringField("callbackUrl", request.callbackUrl());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** JSON text read from a jsonb column is valid JSON: it is copied, not parsed again. */
  private static void writeStoredJson(JsonGenerator g, String field, String json)
      throws IOException {
    g.writeFieldName(field);
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(json);
    }
  }

  private LaunchResult interpret(int status, Buffer answer) {
    if (status >= 200 && status < 300 || status == 409) {
      return new LaunchResult.Accepted(callId(answer));
    }
    String detail = "provider answered " + status + excerpt(answer);
    if (status == 429 || status >= 500) {
      throw new ProviderUnavailableException(detail);
    }
    throw new ProviderRejectedException(status, detail);
  }

  /**
   * The call's id: the answer's top-level {@code id} as text (a string as it is, a number in
   * digits), or null when there is none or the answer is not a JSON object.
   */
  static String callId(Buffer answer) {
    if (answer.length() == 0) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(answer.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean isId = "id".equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (isId && value != null && value.isScalarValue()) {
          return value == JsonToken.VALUE_NULL ? null : parser.getText();
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null; // an accepted call without a readable id is still accepted
    }
  }

  private static String excerpt(Buffer answer) {
    String body = answer.toString().strip();
    return body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) : body);
  }

  /** Turns what went wrong into the launch's result, after the circuit breaker counted it. */
  static LaunchResult resultOf(Throwable failure) {
    if (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    if (failure instanceof CircuitBreakerOpenException) {
      return new LaunchResult.NotSent(LaunchResult.NotSent.Why.CIRCUIT_OPEN);
    }
    Throwable cause = failure;
    while (cause.getCause() != null
        && !(cause instanceof ProviderRejectedException)
        && !(cause instanceof ProviderUnavailableException)) {
      cause = cause.getCause();
    }
    if (cause instanceof ProviderRejectedException rejected) {
      return new LaunchResult.Rejected(rejected.status(), rejected.getMessage());
    }
    if (cause instanceof ProviderUnavailableException unavailable) {
      return new LaunchResult.Unavailable(unavailable.getMessage());
    }
    if (cause instanceof ConnectException) {
      return new LaunchResult.Unavailable("provider refused the connection");
    }
    if (cause instanceof TimeoutException) {
      return new LaunchResult.Unconfirmed("provider did not answer in time");
    }
    return new LaunchResult.Unavailable("provider unreachable: " + cause.getMessage());
  }
}
