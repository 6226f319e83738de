package dev.campaigntick.tick;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** The batch until campaigns are wired in: an accepted run that finds no work. */
@ApplicationScoped
@DefaultBean
public class IdleCampaignBatch implements CampaignBatch {

  @Override
  public BatchResult run(RunContext context) {
    return BatchResult.empty();
  }
}
