package dev.campaigntick.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order in which campaigns take turns in a claim (no database: it orders a plan). */
class TurnOrderTests {

  private static final Instant SEVEN = Instant.parse("2026-11-23T07:00:00Z");
  private static final Instant EIGHT = Instant.parse("2026-11-23T08:00:00Z");

  @Test
  void neverReachedFirstThenLongestWaitingThenByIdAndOrganizationsInterleaved() {
    List<Admission> plan =
        List.of(
            admission(1, "acme", EIGHT),
            admission(2, "acme", SEVEN),
            admission(3, "acme", null),
            admission(4, "acme", SEVEN),
            admission(5, "globex", EIGHT),
            admission(6, "globex", null),
            admission(7, "initech", EIGHT));

    assertEquals(
        List.of(3L, 6L, 7L, 2L, 5L, 4L, 1L),
        JobClaimer.turnOrder(plan).stream().map(Admission::campaignId).toList());
  }

  @Test
  void campaignsThatCannotLaunchTakeNoTurn() {
    List<Admission> plan =
        List.of(
            admission(1, "acme", null),
            new Admission(2, "acme", "full", "RUNNING", 0, 0, 0, "at_capacity", null),
            new Admission(3, "acme", "done", "RUNNING", 5, 0, 0, "no_pending_contacts", null));

    assertEquals(
        List.of(1L), JobClaimer.turnOrder(plan).stream().map(Admission::campaignId).toList());
  }

  private static Admission admission(long id, String organization, Instant lastClaimed) {
    return new Admission(id, organization, "C" + id, "RUNNING", 5, 5, 0, null, lastClaimed);
  }
}
