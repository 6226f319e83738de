package dev.campaigntick.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.config.TickConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import org.jboss.logging.Logger;

/** Chooses the call provider from CALL_PROVIDER. */
@ApplicationScoped
public class CallProviders {

  private static final Logger LOG = Logger.getLogger(CallProviders.class);

  @Produces
  @ApplicationScoped
  CallProvider callProvider(TickConfig config, Vertx vertx, ObjectMapper mapper) {
    if (config.callProvider() == TickConfig.ProviderKind.SIMULATED) {
      LOG.info("call provider: simulated (no external calls)");
      return new SimulatedCallProvider();
    }
    URI url =
        config
            .callProviderUrl()
            .orElseThrow(
                () -> new IllegalStateException("CALL_PROVIDER=http needs CALL_PROVIDER_URL"));
    String token =
        config
            .callProviderToken()
            .orElseThrow(
                () -> new IllegalStateException("CALL_PROVIDER=http needs CALL_PROVIDER_TOKEN"));
    LOG.infof("call provider: http at %s", url);
    return new HttpCallProvider(
        vertx,
        mapper,
        url,
        token,
        config.callProviderConcurrency(),
        config.callProviderTimeoutMs());
  }
}
