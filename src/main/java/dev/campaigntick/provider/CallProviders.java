package dev.campaigntick.provider;

import dev.campaigntick.config.TickConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** Chooses the call provider from CALL_PROVIDER. */
@ApplicationScoped
public class CallProviders {

  private static final Logger LOG = Logger.getLogger(CallProviders.class);

  @Produces
  @ApplicationScoped
  CallProvider callProvider(TickConfig config, HttpCallProvider http) {
    if (config.callProvider() == TickConfig.ProviderKind.SIMULATED) {
      LOG.info("call provider: simulated (no external calls)");
      return new SimulatedCallProvider();
    }
    String url =
        config
            .callProviderUrl()
            .orElseThrow(
                () -> new IllegalStateException("CALL_PROVIDER=http needs CALL_PROVIDER_URL"))
            .toString();
    String token =
        config
            .callProviderToken()
            .orElseThrow(
                () -> new IllegalStateException("CALL_PROVIDER=http needs CALL_PROVIDER_TOKEN"));
    LOG.infof("call provider: http at %s", url);
    return request -> HttpCallProvider.asStage(http.launch(token, request));
  }
}
