package dev.campaigntick.web;

import java.util.Locale;

/** Optional query parameters: absent and blank mean the same thing. */
public final class QueryParams {

  private QueryParams() {}

  /** The value, or null when it is absent or blank. */
  public static String optional(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** {@code true} or {@code false} in any case; absent or blank: false; anything else: a 400. */
  public static boolean flag(String name, String value) {
    String given = optional(value);
    if (given == null) {
      return false;
    }
    return switch (given.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest(name + " must be true or false");
    };
  }
}
