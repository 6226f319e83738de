package dev.campaigntick.provider;

import dev.campaigntick.config.TickConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Chooses the call provider from CALL_PROVIDER, and refuses to start with an {@code http} set-up
 * that cannot work, naming the variable to set.
 */
@ApplicationScoped
public class CallProviders {

  private static final Logger LOG = Logger.getLogger(CallProviders.class);

  /** The {@code http} provider's address and token. */
  record HttpTarget(URI url, String token) {}

  /**
   * Checked at start so a wrong set-up fails the deploy, not the first tick after it (not in the
   * migration step, which launches nothing).
   */
  void checkAtStart(@Observes StartupEvent event, TickConfig config) {
    if (config.callProvider() == TickConfig.ProviderKind.HTTP && !config.migrateOnly()) {
      httpTarget(config.callProviderUrl(), config.callProviderToken(), config.publicUrl());
    }
  }

  @Produces
  @ApplicationScoped
  CallProvider callProvider(TickConfig config, Vertx vertx) {
    if (config.callProvider() == TickConfig.ProviderKind.SIMULATED) {
      LOG.info("call provider: simulated (no external calls)");
      return new SimulatedCallProvider();
    }
    HttpTarget target =
        httpTarget(config.callProviderUrl(), config.callProviderToken(), config.publicUrl());
    LOG.infof("call provider: http at %s", target.url());
    return new HttpCallProvider(
        vertx,
        target.url(),
        target.token(),
        config.callProviderConcurrency(),
        config.callProviderTimeoutMs());
  }

  /**
   * The provider's address and token. A provider elsewhere must be able to send its call events
   * back: with PUBLIC_URL left on this machine (the default, http://localhost:8080) no call would
   * ever be reported ended, so every one would time out and be dialled again.
   */
  static HttpTarget httpTarget(
      Optional<URI> providerUrl, Optional<String> providerToken, String publicUrl) {
    URI url =
        providerUrl.orElseThrow(
            () -> new IllegalStateException("CALL_PROVIDER=http needs CALL_PROVIDER_URL"));
    String token =
        providerToken.orElseThrow(
            () -> new IllegalStateException("CALL_PROVIDER=http needs CALL_PROVIDER_TOKEN"));
    URI callbacks;
    try {
      callbacks = URI.create(publicUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("PUBLIC_URL is not a URL: " + publicUrl);
    }
    if (isThisMachine(callbacks) && !isThisMachine(url)) {
      throw new IllegalStateException(
          "CALL_PROVIDER=http needs PUBLIC_URL, the address the provider at "
              + url.getHost()
              + " sends call events to: it is "
              + publicUrl
              + ", which only this machine reaches, so no call would be reported ended and every"
              + " one would time out and be dialled again");
    }
    return new HttpTarget(url, token);
  }

  /** Whether only this machine reaches {@code uri}: localhost or a loopback or wildcard address. */
  static boolean isThisMachine(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
    return host.equals("localhost")
        || host.endsWith(".localhost")
        || host.startsWith("127.")
        || host.equals("::1")
        || host.equals("0.0.0.0");
  }
}
