package dev.campaigntick.tick;

/** The outcome of a run, as the scheduler_runs row and the tick response report it. */
public enum RunStatus {
  RUNNING,
  COMPLETED,
  PARTIAL,
  SKIPPED,
  FAILED
}
