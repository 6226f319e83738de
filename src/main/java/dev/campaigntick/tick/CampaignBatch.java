package dev.campaigntick.tick;

/** The work an accepted run does over the campaigns (DESIGN.md, steps 4 to 6). */
public interface CampaignBatch {

  /** Runs the batch within the context's deadline and reports what it did. */
  BatchResult run(RunContext context);
}
