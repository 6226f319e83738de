package dev.campaigntick.provider;

/**
 * One launch (CONTRACT.md section 6); {@code queueJobId} is the idempotency key. The contact's
 * attributes and the campaign's agent are JSON text as stored (null when absent): they go into the
 * body as they are, never parsed and re-written.
 */
public record LaunchRequest(
    long jobId,
    String queueJobId,
    long campaignId,
    String organizationId,
    String phone,
    String name,
    String attributesJson,
    String agentJson,
    String callbackUrl) {}
