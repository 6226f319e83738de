package dev.campaigntick.time;

import java.time.Instant;

/**
 * The one source of "now" (DESIGN.md): read once per tick and passed to every statement as a
 * parameter. Tests replace it with a settable clock and move time instead of sleeping.
 */
public interface TimeSource {

  /** The current instant, to the millisecond. */
  Instant now();
}
