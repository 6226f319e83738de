package dev.campaigntick.provider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The default provider: makes no external call and accepts every launch, so the function is useful
 * out of the box. Its calls are completed later by the batch's housekeeping (see {@code
 * SimulatedCallCompleter}), as a real provider's callbacks would.
 */
public class SimulatedCallProvider implements CallProvider {

  /** Prefix of the call ids this provider hands out. */
  public static final String CALL_ID_PREFIX = "sim-";

  @Override
  public CompletionStage<LaunchResult> launch(LaunchRequest request) {
    return CompletableFuture.completedFuture(
        new LaunchResult.Accepted(CALL_ID_PREFIX + request.queueJobId()));
  }

  @Override
  public boolean isSimulated() {
    return true;
  }
}
