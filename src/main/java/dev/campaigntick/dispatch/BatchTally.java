package dev.campaigntick.dispatch;

import dev.campaigntick.campaign.CampaignLifecycle.Transition;
import dev.campaigntick.tick.BatchResult;
import dev.campaigntick.tick.TickReport.CampaignReport;
import dev.campaigntick.tick.TickReport.RunError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds up what one batch did, per campaign and in total, into the run's report. The sending thread
 * and the outcome writer both add to it, so every method is synchronized.
 */
final class BatchTally {

  private static final class Entry {
    final long campaignId;
    final String organizationId;
    final String name;
    String previousStatus;
    String newStatus;
    boolean recipientsGenerated;
    Integer recipientCount;
    int launched;
    String skipReason;
    boolean admitted;

    Entry(long campaignId, String organizationId, String name, String status) {
      this.campaignId = campaignId;
      this.organizationId = organizationId;
      this.name = name;
      this.previousStatus = status;
      this.newStatus = status;
    }
  }

  private final Map<Long, Entry> campaigns = new LinkedHashMap<>();
  private final Map<Long, String> campaignErrors = new LinkedHashMap<>();
  private final List<RunError> runErrors = new ArrayList<>();
  private int launched;
  private int failed;
  private int skipped;
  private boolean budgetExhausted;

  /** Records a status change; a campaign keeps the status it had when the run first saw it. */
  synchronized void transition(Transition t) {
    Entry entry = entry(t.campaignId(), t.organizationId(), t.name(), t.previousStatus());
    entry.newStatus = t.newStatus();
    if (t.recipientCount() != null) {
      entry.recipientsGenerated = t.recipientsGenerated();
      entry.recipientCount = t.recipientCount();
    }
  }

  /** Records a campaign's admission; the run's first admission gives its skip reason. */
  synchronized void admission(Admission admission) {
    Entry entry =
        entry(
            admission.campaignId(),
            admission.organizationId(),
            admission.name(),
            admission.status());
    if (!entry.admitted) {
      entry.admitted = true;
      entry.skipReason = admission.skipReason();
    }
  }

  synchronized void launched(long campaignId) {
    launched++;
    Entry entry = campaigns.get(campaignId);
    if (entry != null) {
      entry.launched++;
    }
  }

  synchronized void failed(int count) {
    failed += count;
  }

  synchronized void skipped(int count) {
    skipped += count;
  }

  /** An error against one campaign; several of one kind are summed up in one line. */
  synchronized void campaignError(long campaignId, String error) {
    campaignErrors.merge(campaignId, error, (a, b) -> a.equals(b) ? a : a + "; " + b);
  }

  synchronized void runError(String error) {
    runErrors.add(new RunError(null, error));
  }

  synchronized int campaignCount() {
    return campaigns.size();
  }

  synchronized void budgetExhausted() {
    budgetExhausted = true;
  }

  synchronized boolean isBudgetExhausted() {
    return budgetExhausted;
  }

  synchronized BatchResult result() {
    List<CampaignReport> reports = new ArrayList<>(campaigns.size());
    for (Entry e : campaigns.values()) {
      reports.add(
          new CampaignReport(
              e.campaignId,
              e.organizationId,
              e.name,
              e.previousStatus,
              e.newStatus,
              e.recipientsGenerated,
              e.recipientCount,
              e.launched,
              e.launched > 0 || "COMPLETED".equals(e.newStatus) ? null : e.skipReason));
    }
    List<RunError> errors = new ArrayList<>();
    campaignErrors.forEach((id, error) -> errors.add(new RunError(id, error)));
    errors.addAll(runErrors);
    return new BatchResult(
        campaigns.size(), launched, failed, skipped, budgetExhausted, reports, errors);
  }

  private Entry entry(long id, String organizationId, String name, String status) {
    return campaigns.computeIfAbsent(id, k -> new Entry(id, organizationId, name, status));
  }
}
