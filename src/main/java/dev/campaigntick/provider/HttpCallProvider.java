package dev.campaigntick.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The generic HTTP provider (CONTRACT.md section 6). Owns the timeout of each launch and a circuit
 * breaker: after a run of failures it stops sending for a while instead of letting a dead provider
 * burn every tick's budget. Answers are mapped to {@link LaunchResult}s; nothing escapes.
 */
@ApplicationScoped
public class HttpCallProvider {

  private final CallProviderClient client;

  HttpCallProvider(@RestClient CallProviderClient client) {
    this.client = client;
  }

  /** Sends one launch with its idempotency key; see the class comment for the policies. */
  @AsynchronousNonBlocking
  @Timeout(5000)
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.5,
      delay = 15_000,
      successThreshold = 2,
      skipOn = ProviderRejectedException.class)
  @Fallback(LaunchFailures.class)
  public Uni<LaunchResult> launch(String token, LaunchRequest request) {
    return client
        .launch("Bearer " + token, request.queueJobId(), request)
        .map(HttpCallProvider::interpret);
  }

  private static LaunchResult interpret(Response response) {
    int status = response.getStatus();
    try {
      if (status >= 200 && status < 300 || status == 409) {
        return new LaunchResult.Accepted(callId(response));
      }
      String detail = "provider answered " + status + bodyExcerpt(response);
      if (status == 429 || status >= 500) {
        throw new ProviderUnavailableException(detail);
      }
      throw new ProviderRejectedException(status, detail);
    } finally {
      response.close();
    }
  }

  private static String callId(Response response) {
    if (!response.hasEntity()) {
      return null;
    }
    try {
      JsonNode body = response.readEntity(JsonNode.class);
      return body != null && body.hasNonNull("id") ? body.get("id").asText() : null;
    } catch (RuntimeException e) {
      return null; // an accepted call without a readable id is still accepted
    }
  }

  private static String bodyExcerpt(Response response) {
    try {
      String body = response.hasEntity() ? response.readEntity(String.class) : "";
      body = body.strip();
      return body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) : body);
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** Turns what went wrong into the launch's result, after the circuit breaker counted it. */
  static class LaunchFailures implements FallbackHandler<Uni<LaunchResult>> {
    @Override
    public Uni<LaunchResult> handle(ExecutionContext context) {
      return Uni.createFrom().item(resultOf(context.getFailure()));
    }

    static LaunchResult resultOf(Throwable failure) {
      Throwable cause = failure;
      while (cause.getCause() != null
          && !(cause instanceof ProviderRejectedException)
          && !(cause instanceof ProviderUnavailableException)) {
        cause = cause.getCause();
      }
      if (failure instanceof CircuitBreakerOpenException) {
        return new LaunchResult.NotSent(LaunchResult.NotSent.Why.CIRCUIT_OPEN);
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
      if (failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
          || cause instanceof TimeoutException
          || cause.getClass().getSimpleName().contains("Timeout")) {
        return new LaunchResult.Unconfirmed("provider did not answer in time");
      }
      return new LaunchResult.Unavailable("provider unreachable: " + cause.getMessage());
    }
  }

  /** Adapts the stage-based {@link CallProvider} contract to this bean. */
  static CompletionStage<LaunchResult> asStage(Uni<LaunchResult> uni) {
    return uni.subscribeAsCompletionStage();
  }
}
