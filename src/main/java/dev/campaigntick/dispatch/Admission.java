package dev.campaigntick.dispatch;

/**
 * What one campaign may launch now: its room (the smallest of capacity, daily cap and rate
 * allowance), how many due contacts inside their calling window fit in it (when counted; else its
 * room), and why it launches nothing when it does not.
 */
public record Admission(
    long campaignId,
    String organizationId,
    String name,
    String status,
    int room,
    int launchable,
    int launchableDoNotCall,
    String skipReason) {

  /** Whether a claim for this campaign can find anything. */
  public boolean canLaunch() {
    return skipReason == null && launchable > 0;
  }
}
