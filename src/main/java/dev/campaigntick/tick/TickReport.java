package dev.campaigntick.tick;

import java.time.Instant;
import java.util.List;

/** The tick response of CONTRACT.md section 2; the same shape serves manual runs and previews. */
public record TickReport(
    Long runId,
    Trigger trigger,
    RunStatus status,
    String skipReason,
    Instant startedAt,
    long durationMs,
    boolean budgetExhausted,
    int processed,
    int launched,
    int failed,
    int skipped,
    List<CampaignReport> campaigns,
    List<RunError> errors,
    Instant nextRunAt) {

  /** What one campaign did (or would do) in a run. */
  public record CampaignReport(
      long campaignId,
      String organizationId,
      String name,
      String previousStatus,
      String newStatus,
      boolean recipientsGenerated,
      Integer recipientCount,
      int launched,
      String skipReason) {}

  /** An error recorded against one campaign (null when it concerns the run as a whole). */
  public record RunError(Long campaignId, String error) {}
}
