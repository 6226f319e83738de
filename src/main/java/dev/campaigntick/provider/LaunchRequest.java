package dev.campaigntick.provider;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of a launch (CONTRACT.md section 6); {@code queueJobId} is the idempotency key. */
public record LaunchRequest(
    long jobId,
    String queueJobId,
    long campaignId,
    String organizationId,
    Contact contact,
    JsonNode agent,
    String callbackUrl) {

  /** Who to call. */
  public record Contact(String phone, String name, JsonNode attributes) {}
}
