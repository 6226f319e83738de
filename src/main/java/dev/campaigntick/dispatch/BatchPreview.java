package dev.campaigntick.dispatch;

import dev.campaigntick.campaign.CampaignLifecycle;
import dev.campaigntick.campaign.CampaignLifecycle.Transition;
import dev.campaigntick.config.TickConfig;
import dev.campaigntick.tick.Deadline;
import dev.campaigntick.tick.RunHistoryRepository;
import dev.campaigntick.tick.RunStatus;
import dev.campaigntick.tick.TickReport;
import dev.campaigntick.tick.TickReport.CampaignReport;
import dev.campaigntick.tick.Trigger;
import dev.campaigntick.time.TimeSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dry run: what a tick now would activate and launch, per campaign, and why a campaign would
 * launch nothing. Uses the tick's own admission statement, writes nothing and takes no lease.
 */
@ApplicationScoped
public class BatchPreview {

  private final TimeSource time;
  private final CampaignLifecycle lifecycle;
  private final AdmissionPlanner planner;
  private final RunHistoryRepository runs;
  private final TickConfig config;

  public BatchPreview(
      TimeSource time,
      CampaignLifecycle lifecycle,
      AdmissionPlanner planner,
      RunHistoryRepository runs,
      TickConfig config) {
    this.time = time;
    this.lifecycle = lifecycle;
    this.planner = planner;
    this.runs = runs;
    this.config = config;
  }

  /** The preview for all organizations, or one. */
  public TickReport preview(String organizationId) {
    Deadline deadline = Deadline.start(config.tickBudget());
    Instant now = time.now();
    Map<Long, Transition> activating = new LinkedHashMap<>();
    lifecycle.dueForActivation(now, organizationId).forEach(t -> activating.put(t.campaignId(), t));
    List<CampaignReport> reports = new ArrayList<>();
    int launched = 0;
    int skipped = 0;
    Map<Long, Admission> fromLists = new LinkedHashMap<>();
    planner.planListActivation(now, organizationId).forEach(a -> fromLists.put(a.campaignId(), a));
    List<Admission> admissions = new ArrayList<>();
    for (Admission a : planner.plan(now, organizationId, true, true)) {
      admissions.add(fromLists.getOrDefault(a.campaignId(), a));
    }
    for (Admission a : admissions) {
      int wouldLaunch = a.canLaunch() ? a.launchable() - a.launchableDoNotCall() : 0;
      int wouldSkip = a.canLaunch() ? a.launchableDoNotCall() : 0;
      Transition t = activating.remove(a.campaignId());
      reports.add(
          new CampaignReport(
              a.campaignId(),
              a.organizationId(),
              a.name(),
              a.status(),
              t == null ? a.status() : t.newStatus(),
              t != null && t.recipientsGenerated(),
              t == null ? null : t.recipientCount(),
              wouldLaunch,
              wouldLaunch > 0 ? null : a.skipReason()));
      launched += wouldLaunch;
      skipped += wouldSkip;
    }
    return new TickReport(
        null,
        Trigger.PREVIEW,
        RunStatus.COMPLETED,
        null,
        now,
        deadline.elapsed().toMillis(),
        false,
        reports.size(),
        launched,
        0,
        skipped,
        reports,
        List.of(),
        RunHistoryRepository.nextDue(runs.lastAcceptedCronRunAt(), now, config.cronInterval()));
  }
}
