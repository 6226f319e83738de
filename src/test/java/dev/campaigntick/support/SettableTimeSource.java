package dev.campaigntick.support;

import dev.campaigntick.time.DatabaseTimeSource;
import dev.campaigntick.time.TimeSource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import java.time.Instant;

/**
 * The test clock: database time until a test sets it, then exactly what the test says. Tests move
 * it instead of sleeping.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class SettableTimeSource implements TimeSource {

  private final DatabaseTimeSource database;
  private volatile Instant fixed;

  public SettableTimeSource(DatabaseTimeSource database) {
    this.database = database;
  }

  @Override
  public Instant now() {
    Instant value = fixed;
    return value != null ? value : database.now();
  }

  /** Freezes time at {@code instant}. */
  public void set(Instant instant) {
    fixed = instant;
  }

  /** Moves the frozen time forward. */
  public void advance(Duration duration) {
    fixed = fixed.plus(duration);
  }

  /** Back to database time. */
  public void reset() {
    fixed = null;
  }
}
