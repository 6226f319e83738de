package dev.campaigntick.web;

/** Optional query parameters: absent and blank mean the same thing. */
public final class QueryParams {

  private QueryParams() {}

  /** The value, or null when it is absent or blank. */
  public static String optional(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
