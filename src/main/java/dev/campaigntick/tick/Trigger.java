package dev.campaigntick.tick;

/** Who started a run. */
public enum Trigger {
  /** The external scheduler, through the tick URL: interval-gated. */
  CRON,
  /** An operator, through the manual run endpoint: not interval-gated. */
  MANUAL,
  /** The dry run: changes nothing, takes no lease, has no run row. */
  PREVIEW
}
