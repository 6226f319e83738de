package dev.campaigntick.dispatch;

import java.time.Instant;

/**
 * What one campaign may launch now: its room (the smallest of capacity, daily cap and rate
 * allowance), how many due contacts inside their calling window fit in it (when counted; else its
 * room), why it launches nothing when it does not, and when a run last claimed one of its contacts
 * (null if never, or when it launches nothing), which decides its turn in a wave too small for
 * every campaign.
 */
public record Admission(
    long campaignId,
    String organizationId,
    String name,
    String status,
    int room,
    int launchable,
    int launchableDoNotCall,
    String skipReason,
    Instant lastClaimedAt) {

  /** This admission after a claim of the same run took {@code claimed} of its contacts. */
  public Admission lessClaimed(int claimed) {
    return new Admission(
        campaignId,
        organizationId,
        name,
        status,
        room - claimed,
        Math.max(0, launchable - claimed),
        launchableDoNotCall,
        skipReason,
        lastClaimedAt);
  }

  /** Whether a claim for this campaign can find anything. */
  public boolean canLaunch() {
    return skipReason == null && launchable > 0;
  }
}
