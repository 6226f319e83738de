package dev.campaigntick.dashboard;

import dev.campaigntick.config.TickConfig;
import dev.campaigntick.web.SecretMatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's stateless sessions: signing in with the admin token yields a cookie value {@code
 * v1.<expiry>.<nonce>.<hmac>} signed with a key derived from ADMIN_TOKEN, so every instance of the
 * function accepts it, nothing is stored, and rotating the token ends every session. Each session
 * has its own CSRF token, an HMAC of its nonce, which every state-changing form must carry.
 */
@ApplicationScoped
public class DashboardSessions {

  /** The session cookie's name. */
  public static final String COOKIE = "ct_session";

  /** How long a sign-in lasts. */
  public static final Duration LIFETIME = Duration.ofHours(8);

  private static final String VERSION = "v1";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A verified session. */
  public record Session(String nonce, Instant expiresAt, String csrfToken) {}

  private final SecretKeySpec key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  @Inject
  public DashboardSessions(TickConfig config) {
    this(config.adminToken(), Clock.systemUTC());
  }

  DashboardSessions(Optional<String> adminToken, Clock clock) {
    String tokens = String.join(",", SecretMatcher.entries(adminToken));
    this.key =
        tokens.isEmpty()
            ? null
            : new SecretKeySpec(
                SecretMatcher.sha256("campaign-tick dashboard session\n" + tokens), "HmacSHA256");
    this.clock = clock;
  }

  /** A new session's cookie value. */
  public String open() {
    requireKey();
    byte[] nonce = new byte[18];
    random.nextBytes(nonce);
    long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
    String payload = VERSION + "." + expiry + "." + B64.encodeToString(nonce);
    return payload + "." + sign(payload);
  }

  /** The session behind a cookie value, if it is one of ours, untampered and unexpired. */
  public Optional<Session> verify(String cookieValue) {
    if (key == null || cookieValue == null) {
      return Optional.empty();
    }
    String[] parts = cookieValue.split("\\.", -1);
    if (parts.length != 4 || !VERSION.equals(parts[0])) {
      return Optional.empty();
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2];
    if (!constantTimeEquals(sign(payload), parts[3])) {
      return Optional.empty();
    }
    Instant expiresAt;
    try {
      expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(expiresAt)) {
      return Optional.empty();
    }
    return Optional.of(new Session(parts[2], expiresAt, sign("csrf." + parts[2])));
  }

  /** Whether a form's CSRF token is the session's own. */
  public static boolean csrfMatches(Session session, String presented) {
    return presented != null && constantTimeEquals(session.csrfToken(), presented);
  }

  /** False when no ADMIN_TOKEN is configured: then nobody can sign in. */
  public boolean isConfigured() {
    return key != null;
  }

  private void requireKey() {
    if (key == null) {
      throw new IllegalStateException("ADMIN_TOKEN is not configured");
    }
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return B64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }

  private static boolean constantTimeEquals(String expected, String presented) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
