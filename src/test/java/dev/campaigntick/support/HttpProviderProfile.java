package dev.campaigntick.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The function with CALL_PROVIDER=http pointed at a {@link ProviderStub} on loopback, and a short
 * budget so budget tests stay quick. Tests reach the stub through {@link #stub()}.
 */
public class HttpProviderProfile implements QuarkusTestProfile {

  public static final String PROVIDER_TOKEN = "test-provider-token";
  public static final long BUDGET_MS = 4000;

  private static ProviderStub stub;

  /** The running stub. */
  public static synchronized ProviderStub stub() {
    return stub;
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return httpProvider();
  }

  private static Map<String, String> httpProvider() {
    return Map.of(
        "campaign-tick.call-provider", "http",
        "campaign-tick.call-provider-token", PROVIDER_TOKEN,
        "campaign-tick.tick-budget-ms", String.valueOf(BUDGET_MS),
        "campaign-tick.tick-reserve-ms", "800",
        "campaign-tick.call-provider-concurrency", "16",
        "campaign-tick.call-provider-timeout-ms", "2000");
  }

  /**
   * These overrides with waves of at most {@code waveSize} and {@code inFlight} launches at once.
   */
  protected Map<String, String> withWaves(int waveSize, int inFlight) {
    Map<String, String> overrides = new HashMap<>(httpProvider());
    overrides.put("campaign-tick.claim-wave-size", String.valueOf(waveSize));
    overrides.put("campaign-tick.call-provider-concurrency", String.valueOf(inFlight));
    return overrides;
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(StubResource.class));
  }

  /** Starts the stub before the application and points the function at it. */
  public static class StubResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      synchronized (HttpProviderProfile.class) {
        try {
          stub = new ProviderStub();
          stub.start();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return Map.of("campaign-tick.call-provider-url", stub.url());
      }
    }

    @Override
    public void stop() {
      synchronized (HttpProviderProfile.class) {
        if (stub != null) {
          stub.stop();
          stub = null;
        }
      }
    }
  }
}
