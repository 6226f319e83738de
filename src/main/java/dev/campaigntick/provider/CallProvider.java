package dev.campaigntick.provider;

import java.util.concurrent.CompletionStage;

/** Launches calls. Implementations never throw: every outcome is a {@link LaunchResult}. */
public interface CallProvider {

  /** Starts one launch; the stage completes with the provider's answer. */
  CompletionStage<LaunchResult> launch(LaunchRequest request);

  /** Whether calls of this provider complete by themselves (no callbacks will come). */
  default boolean isSimulated() {
    return false;
  }
}
