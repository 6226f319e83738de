package dev.campaigntick.tick;

import dev.campaigntick.tick.TickReport.CampaignReport;
import dev.campaigntick.tick.TickReport.RunError;
import java.util.List;

/** What the campaign batch of one run did. */
public record BatchResult(
    int processed,
    int launched,
    int failed,
    int skipped,
    boolean budgetExhausted,
    List<CampaignReport> campaigns,
    List<RunError> errors) {

  /** A batch that found nothing to do. */
  public static BatchResult empty() {
    return new BatchResult(0, 0, 0, 0, false, List.of(), List.of());
  }

  /** COMPLETED, or PARTIAL when the budget ran out or a campaign errored. */
  public RunStatus status() {
    return budgetExhausted || !errors.isEmpty() ? RunStatus.PARTIAL : RunStatus.COMPLETED;
  }
}
