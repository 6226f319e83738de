package dev.campaigntick.support;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared fixture of tests against the HTTP provider stub: an empty database, the clock frozen
 * on a Monday morning, a stub that accepts everything, and a closed circuit.
 */
public abstract class HttpProviderTestBase {

  /** A Monday, 09:00 UTC. */
  protected static final Instant MONDAY_9AM = Instant.parse("2026-11-23T09:00:00Z");

  @Inject protected TestDatabase db;
  @Inject protected Fixtures fixtures;
  @Inject protected SettableTimeSource clock;

  protected ProviderStub stub;

  @BeforeEach
  void resetWorld() {
    db.reset();
    clock.set(MONDAY_9AM);
    stub = HttpProviderProfile.stub();
    stub.reset();
    CircuitBreakerMaintenance.get().resetAll();
  }

  @AfterEach
  void releaseClock() {
    clock.reset();
    stub.reset();
  }
}
