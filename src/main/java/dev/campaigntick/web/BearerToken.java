package dev.campaigntick.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/** Reads {@code Authorization: Bearer <token>}. */
final class BearerToken {

  private BearerToken() {}

  /** The token, or null when the header is missing or not a bearer token. */
  static String of(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return null;
  }
}
