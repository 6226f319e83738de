package dev.campaigntick.admin;

import dev.campaigntick.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A page of a list, newest first, with an opaque keyset cursor for the next page: stable while rows
 * are inserted, never an OFFSET.
 */
public record Page<T>(List<T> items, String nextCursor) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  /** Builds a page from {@code limit + 1} fetched rows. */
  static <T> Page<T> of(List<T> fetched, int limit, ToLongFunction<T> id) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, limit);
    return new Page<>(List.copyOf(items), encode(id.applyAsLong(items.get(limit - 1))));
  }

  /** The limit asked for, checked. */
  static int limit(String requested) {
    int limit =
        requested == null || requested.isBlank()
            ? DEFAULT_LIMIT
            : number("limit", requested).intValue();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    return limit;
  }

  /** A whole-number query parameter, or a 400 that names it. */
  public static Long number(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number");
    }
  }

  /** The id below which the next page starts, or null for the first page. */
  static Long after(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String decoded =
          new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      if (!decoded.startsWith("id:")) {
        throw new IllegalArgumentException();
      }
      return Long.parseLong(decoded.substring(3));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("cursor is not one this API handed out");
    }
  }

  static String encode(long id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("id:" + id).getBytes(StandardCharsets.UTF_8));
  }
}
