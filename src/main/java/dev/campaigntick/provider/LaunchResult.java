package dev.campaigntick.provider;

/** What the provider said about one launch. */
public sealed interface LaunchResult {

  /** The provider took the call (2xx, or 409: it already had this idempotency key). */
  record Accepted(String providerCallId) implements LaunchResult {}

  /** The provider refused the call for good (a 4xx other than 409 and 429). */
  record Rejected(int status, String detail) implements LaunchResult {}

  /** The provider could not take the call now (429, 5xx, refused connection): retry later. */
  record Unavailable(String detail) implements LaunchResult {}

  /**
   * Nobody knows whether the call was placed (timeout, budget over): the job stays QUEUED and is
   * sent again under the same key, so the provider deduplicates it.
   */
  record Unconfirmed(String detail) implements LaunchResult {}

  /** Not sent at all: the circuit is open or the budget ran out first. The job stays QUEUED. */
  record NotSent(Why why) implements LaunchResult {

    /** Why a launch was not sent, as operators read it and as the metric counts it. */
    public enum Why {
      CIRCUIT_OPEN("provider unavailable: circuit open", "circuit_open"),
      BUDGET_SPENT("budget spent before this launch could start", "budget_spent");

      private final String detail;
      private final String kind;

      Why(String detail, String kind) {
        this.detail = detail;
        this.kind = kind;
      }

      /** The sentence the run's errors carry. */
      public String detail() {
        return detail;
      }

      /** The launch-failure metric's kind tag. */
      public String kind() {
        return kind;
      }
    }
  }
}
