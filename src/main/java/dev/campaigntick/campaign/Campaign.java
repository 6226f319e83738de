package dev.campaigntick.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** A campaign as the admin API shows it, with its progress and job counts. */
public record Campaign(
    long id,
    String organizationId,
    String name,
    String status,
    Instant scheduledAt,
    String timezone,
    CallWindow callWindow,
    int maxConcurrentCalls,
    Integer dailyCallCap,
    Integer callsPerMinute,
    int maxAttempts,
    int retryBackoffSeconds,
    int callTimeoutSeconds,
    Long listId,
    JsonNode agent,
    boolean recipientsGenerated,
    Integer recipientCount,
    Instant activatedAt,
    Instant completedAt,
    Instant createdAt,
    Instant updatedAt,
    Progress progress,
    Map<String, Long> jobs) {

  /** Contacts by state. */
  public record Progress(long pending, long inProgress, long done, long failed, long excluded) {}
}
