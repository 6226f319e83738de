package dev.campaigntick.tick;

import java.time.Instant;

/**
 * What every step of one run shares: its id (null for a preview), who triggered it, the one "now"
 * read at its start, its deadline, and the organization a manual run is limited to (or null).
 */
public record RunContext(
    Long runId, Trigger trigger, Instant now, Deadline deadline, String organizationId) {}
