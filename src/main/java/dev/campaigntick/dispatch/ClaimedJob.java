package dev.campaigntick.dispatch;

/** A job this run holds and will send: the row's identity plus what the launch body needs. */
public record ClaimedJob(
    long jobId,
    String queueJobId,
    long campaignId,
    String organizationId,
    long contactId,
    String phone,
    String name,
    String attributesJson,
    String agentJson,
    int attemptsMade) {}
