package dev.campaigntick.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The body of {@code POST /api/campaigns}; missing fields take the contract's defaults. */
public record CampaignRequest(
    String organizationId,
    String name,
    Instant scheduledAt,
    String timezone,
    CallWindow callWindow,
    Integer maxConcurrentCalls,
    Integer dailyCallCap,
    Integer callsPerMinute,
    Integer maxAttempts,
    Integer retryBackoffSeconds,
    Integer callTimeoutSeconds,
    Long listId,
    JsonNode agent) {}
