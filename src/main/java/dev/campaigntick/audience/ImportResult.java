package dev.campaigntick.audience;

import java.util.List;

/**
 * What an import did: rows added, rows that were already there (or repeated in the file), and the
 * rows rejected with their number (1 = the first data row) and why.
 */
public record ImportResult(
    int added, int duplicates, List<Rejected> rejected, int rejectedCount, boolean truncated) {

  /** A row that was not imported. */
  public record Rejected(int row, String phone, String error) {}
}
