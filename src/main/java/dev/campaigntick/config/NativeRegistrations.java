package dev.campaigntick.config;

import dev.campaigntick.admin.AutomationResource;
import dev.campaigntick.admin.CampaignResource;
import dev.campaigntick.admin.DoNotCallResource;
import dev.campaigntick.admin.ListResource;
import dev.campaigntick.admin.Page;
import dev.campaigntick.admin.SchedulerResource;
import dev.campaigntick.audience.AudienceRepository;
import dev.campaigntick.audience.ImportResult;
import dev.campaigntick.campaign.CallWindow;
import dev.campaigntick.campaign.Campaign;
import dev.campaigntick.campaign.CampaignRequest;
import dev.campaigntick.dispatch.CallEvents;
import dev.campaigntick.dispatch.JobQueries;
import dev.campaigntick.tick.RunHistoryRepository;
import dev.campaigntick.tick.TickReport;
import dev.campaigntick.web.ErrorBody;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything Jackson reads or writes by reflection, for the native image (the JVM needs none of
 * this): request and response bodies, including the ones nested in lists and pages.
 */
@RegisterForReflection(
    targets = {
      TickReport.class,
      TickReport.CampaignReport.class,
      TickReport.RunError.class,
      RunHistoryRepository.Run.class,
      SchedulerResource.Health.class,
      Page.class,
      Campaign.class,
      Campaign.Progress.class,
      CampaignRequest.class,
      CallWindow.class,
      CampaignResource.Schedule.class,
      ListResource.NewList.class,
      AudienceRepository.AudienceList.class,
      AudienceRepository.DoNotCall.class,
      DoNotCallResource.DoNotCallPage.class,
      ImportResult.class,
      ImportResult.Rejected.class,
      JobQueries.Job.class,
      CallEvents.Applied.class,
      AutomationResource.Automation.class,
      ErrorBody.class
    })
final class NativeRegistrations {

  private NativeRegistrations() {}
}
