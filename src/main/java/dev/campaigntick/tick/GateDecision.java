package dev.campaigntick.tick;

import java.time.Instant;

/**
 * The gate's answer for one tick: the run row it recorded, and why it was skipped (null when the
 * run holds the lease and may work).
 */
public record GateDecision(long runId, String skipReason, Instant lastCronRunAt) {

  public boolean accepted() {
    return skipReason == null;
  }
}
