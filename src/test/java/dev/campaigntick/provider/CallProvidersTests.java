package dev.campaigntick.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The http provider's set-up is refused when it cannot work, with the variable to set. */
class CallProvidersTests {

  static final Optional<URI> REMOTE = Optional.of(URI.create("https://calls.example.com/v1/calls"));
  static final Optional<String> TOKEN = Optional.of("token");

  @Test
  void aRemoteProviderNeedsAPublicUrlItCanSendEventsTo() {
    var refused =
        assertThrows(
            IllegalStateException.class,
            () -> CallProviders.httpTarget(REMOTE, TOKEN, "http://localhost:8080"));
    assertTrue(refused.getMessage().startsWith("CALL_PROVIDER=http needs PUBLIC_URL"));
    assertTrue(refused.getMessage().contains("calls.example.com"), refused.getMessage());

    var target = CallProviders.httpTarget(REMOTE, TOKEN, "https://tick.example.org");
    assertEquals(REMOTE.get(), target.url());
    assertEquals("token", target.token());
  }

  @Test
  void aPublicUrlThatIsNoUrlIsNamed() {
    assertEquals(
        "PUBLIC_URL is not a URL: https://tick example.org",
        assertThrows(
                IllegalStateException.class,
                () -> CallProviders.httpTarget(REMOTE, TOKEN, "https://tick example.org"))
            .getMessage());
  }

  @Test
  void aProviderOnThisMachineMayCallBackOnThisMachine() {
    var stub = Optional.of(URI.create("http://127.0.0.1:9999/calls"));
    assertEquals(stub.get(), CallProviders.httpTarget(stub, TOKEN, "http://localhost:8080").url());
  }

  @Test
  void aMissingUrlOrTokenIsNamed() {
    assertEquals(
        "CALL_PROVIDER=http needs CALL_PROVIDER_URL",
        assertThrows(
                IllegalStateException.class,
                () -> CallProviders.httpTarget(Optional.empty(), TOKEN, "https://tick.example.org"))
            .getMessage());
    assertEquals(
        "CALL_PROVIDER=http needs CALL_PROVIDER_TOKEN",
        assertThrows(
                IllegalStateException.class,
                () ->
                    CallProviders.httpTarget(REMOTE, Optional.empty(), "https://tick.example.org"))
            .getMessage());
  }

  @Test
  void onlyLoopbackAndWildcardAddressesCountAsThisMachine() {
    for (String local :
        new String[] {
          "http://localhost:8080",
          "http://LOCALHOST",
          "http://api.localhost",
          "http://127.0.0.1",
          "http://127.1.2.3:80",
          "http://[::1]:8080",
          "http://0.0.0.0:8080"
        }) {
      assertTrue(CallProviders.isThisMachine(URI.create(local)), local);
    }
    for (String elsewhere :
        new String[] {
          "https://tick.example.org",
          "http://campaign-tick:8080",
          "http://10.0.0.5:8080",
          "https://abc.lambda-url.eu-west-1.on.aws/"
        }) {
      assertFalse(CallProviders.isThisMachine(URI.create(elsewhere)), elsewhere);
    }
  }
}
