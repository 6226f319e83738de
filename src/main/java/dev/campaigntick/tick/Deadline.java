package dev.campaigntick.tick;

import java.time.Duration;

/**
 * The budget of one run, measured on the local monotonic clock: every step asks it how much time is
 * left before it starts more work.
 */
public final class Deadline {

  private final long startNanos;
  private final long budgetNanos;

  private Deadline(long startNanos, Duration budget) {
    this.startNanos = startNanos;
    this.budgetNanos = budget.toNanos();
  }

  /** A deadline that starts now and ends after {@code budget}. */
  public static Deadline start(Duration budget) {
    return startedAt(System.nanoTime(), budget);
  }

  /** A deadline that started at {@code startNanos} ({@link System#nanoTime()}). */
  public static Deadline startedAt(long startNanos, Duration budget) {
    return new Deadline(startNanos, budget);
  }

  /** Time spent since the start. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Time left until the end of the budget; negative once it is over. */
  public Duration remaining() {
    return Duration.ofNanos(budgetNanos - (System.nanoTime() - startNanos));
  }

  /** Whether at least {@code reserve} is left, so a step that needs that much may start. */
  public boolean hasLeft(Duration reserve) {
    return remaining().compareTo(reserve) >= 0;
  }
}
