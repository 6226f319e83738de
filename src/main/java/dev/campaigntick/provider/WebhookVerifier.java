package dev.campaigntick.provider;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">} against
 * every configured key (comma-separated, for rotation) and every {@code v1} value, in constant
 * time, within a tolerance around now in both directions.
 */
public final class WebhookVerifier {

  /** How far the signature's timestamp may be from now, past or future. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final List<byte[]> keys;

  public WebhookVerifier(Optional<String> configured) {
    this.keys =
        configured.stream()
            .flatMap(value -> Arrays.stream(value.split(",")))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> s.getBytes(StandardCharsets.UTF_8))
            .toList();
  }

  public boolean isConfigured() {
    return !keys.isEmpty();
  }

  /** Why a signature is refused, or empty when it is valid. */
  public Optional<String> check(String header, byte[] body, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.of("X-Signature is missing");
    }
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      if (kv[0].equals("t")) {
        try {
          timestamp = Long.parseLong(kv[1].trim());
        } catch (NumberFormatException e) {
          return Optional.of("X-Signature has a malformed timestamp");
        }
      } else if (kv[0].equals("v1")) {
        try {
          signatures.add(HexFormat.of().parseHex(kv[1].trim()));
        } catch (IllegalArgumentException e) {
          // a malformed v1 value never matches; others may
        }
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      return Optional.of("X-Signature needs t=<unix seconds> and at least one v1=<hex>");
    }
    long skew = Math.abs(now.getEpochSecond() - timestamp);
    if (skew > TOLERANCE.toSeconds()) {
      return Optional.of("X-Signature timestamp is more than 5 minutes away from now");
    }
    byte[] signed = signedPayload(timestamp, body);
    boolean match = false;
    for (byte[] key : keys) {
      byte[] expected = hmac(key, signed);
      for (byte[] signature : signatures) {
        match |= MessageDigest.isEqual(expected, signature);
      }
    }
    return match ? Optional.empty() : Optional.of("X-Signature does not match");
  }

  /** The signature a provider would send for {@code body} at {@code timestamp} (for tests). */
  public static String sign(String key, long timestamp, byte[] body) {
    return "t="
        + timestamp
        + ",v1="
        + HexFormat.of()
            .formatHex(hmac(key.getBytes(StandardCharsets.UTF_8), signedPayload(timestamp, body)));
  }

  private static byte[] signedPayload(long timestamp, byte[] body) {
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] payload = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, payload, prefix.length, body.length);
    return payload;
  }

  private static byte[] hmac(byte[] key, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
