package dev.campaigntick.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signed session cookie on its own, with a fixed clock. */
class DashboardSessionsTests {

  static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  static DashboardSessions at(Instant now, String token) {
    return new DashboardSessions(Optional.of(token), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void acceptsItsOwnCookieUntilItExpires() {
    String cookie = at(NOW, "token").open();
    assertTrue(
        at(NOW.plus(DashboardSessions.LIFETIME).minusSeconds(1), "token")
            .verify(cookie)
            .isPresent());
    assertFalse(at(NOW.plus(DashboardSessions.LIFETIME), "token").verify(cookie).isPresent());
  }

  @Test
  void refusesTamperedForeignAndMalformedCookies() {
    DashboardSessions sessions = at(NOW, "token");
    String cookie = sessions.open();
    String[] parts = cookie.split("\\.");
    String longer =
        parts[0] + "." + (Long.parseLong(parts[1]) + 86400) + "." + parts[2] + "." + parts[3];
    assertFalse(sessions.verify(longer).isPresent(), "an extended expiry breaks the signature");
    assertFalse(
        at(NOW, "rotated-token").verify(cookie).isPresent(), "rotating the token ends sessions");
    for (String bad :
        new String[] {"", "v1", "v1.x.y.z", "v2." + cookie.substring(3), cookie + "."}) {
      assertFalse(sessions.verify(bad).isPresent(), bad);
    }
    assertFalse(
        new DashboardSessions(Optional.empty(), Clock.systemUTC()).verify(cookie).isPresent());
  }

  @Test
  void givesEachSessionItsOwnCsrfToken() {
    DashboardSessions sessions = at(NOW, "token");
    var first = sessions.verify(sessions.open()).orElseThrow();
    var second = sessions.verify(sessions.open()).orElseThrow();
    assertNotEquals(first.csrfToken(), second.csrfToken());
    assertTrue(DashboardSessions.csrfMatches(first, first.csrfToken()));
    assertFalse(DashboardSessions.csrfMatches(first, second.csrfToken()));
    assertFalse(DashboardSessions.csrfMatches(first, null));
  }
}
