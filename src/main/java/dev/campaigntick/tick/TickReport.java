package dev.campaigntick.tick;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The tick response of CONTRACT.md section 2; the same shape serves manual runs and previews.
 * {@code campaigns} is null only in a summary answer ({@link #summary()}), and then left out.
 */
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
    @JsonInclude(JsonInclude.Include.NON_NULL) List<CampaignReport> campaigns,
    List<RunError> errors,
    Instant nextRunAt) {

  /**
   * This report without its per-campaign list, for callers that only want the totals: the list
   * grows by about 200 bytes a campaign, so a tick over tens of thousands of campaigns answers
   * megabytes, more than a synchronous Lambda invocation may return (6 MB).
   */
  public TickReport summary() {
    return new TickReport(
        runId,
        trigger,
        status,
        skipReason,
        startedAt,
        durationMs,
        budgetExhausted,
        processed,
        launched,
        failed,
        skipped,
        null,
        errors,
        nextRunAt);
  }

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
