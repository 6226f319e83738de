package dev.campaigntick.config;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets for dev mode, stable across live reloads of one JVM. */
final class DevSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DevSecrets() {}

  /**
   * The generated value of a secret; kept in a system property because the config factory runs in
   * more than one class loader per JVM.
   */
  static synchronized String generatedFor(String name) {
    String key = "campaigntick.dev-generated." + name;
    String value = System.getProperty(key);
    if (value == null) {
      byte[] bytes = new byte[18];
      RANDOM.nextBytes(bytes);
      value = "dev-" + HexFormat.of().formatHex(bytes);
      System.setProperty(key, value);
    }
    return value;
  }
}
