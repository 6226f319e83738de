package dev.campaigntick.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a presented secret against one or more configured ones (comma-separated, for rotation) in
 * constant time: both sides are hashed first so neither length nor content leaks by timing, and
 * every configured secret is compared whatever the outcome of the others.
 */
public final class SecretMatcher {

  private final List<byte[]> digests;

  private SecretMatcher(List<byte[]> digests) {
    this.digests = digests;
  }

  /** A matcher for a comma-separated list; empty entries are ignored. */
  public static SecretMatcher of(Optional<String> configured) {
    return new SecretMatcher(entries(configured).stream().map(SecretMatcher::sha256).toList());
  }

  /** The configured secrets of a comma-separated setting, trimmed, empty entries ignored. */
  public static List<String> entries(Optional<String> configured) {
    return configured.stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** False when no secret is configured: the caller must then fail closed. */
  public boolean isConfigured() {
    return !digests.isEmpty();
  }

  /** Whether the presented value equals any configured secret. */
  public boolean matches(String presented) {
    if (presented == null || digests.isEmpty()) {
      return false;
    }
    byte[] candidate = sha256(presented);
    boolean match = false;
    for (byte[] digest : digests) {
      match |= MessageDigest.isEqual(digest, candidate);
    }
    return match;
  }

  /** The SHA-256 of a string's UTF-8 bytes. */
  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
