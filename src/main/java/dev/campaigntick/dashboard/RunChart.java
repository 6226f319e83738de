package dev.campaigntick.dashboard;

import dev.campaigntick.tick.RunHistoryRepository.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Launches (bars) and duration (dots joined by a line) of each run in a time window, laid out for
 * an inline SVG of {@link #WIDTH} × {@link #HEIGHT} user units: no chart library, nothing to load.
 */
public record RunChart(
    Instant from,
    Instant to,
    int runCount,
    long maxLaunched,
    long maxDurationMs,
    List<Bar> bars,
    List<Dot> dots,
    String durationLine) {

  public static final int WIDTH = 600;
  public static final int HEIGHT = 160;

  /** Room at both ends so the first and last runs are drawn whole. */
  private static final int PAD = 8;

  /** One run's launches. */
  public record Bar(String x, String y, String width, String height, String title) {}

  /** One run's duration. */
  public record Dot(String cx, String cy, String title) {}

  /** The chart of the runs that started in {@code [from, to]}; {@code runs} newest first. */
  public static RunChart of(List<Run> runs, Instant from, Instant to) {
    List<Run> inWindow =
        new ArrayList<>(
            runs.stream()
                .filter(run -> !run.startedAt().isBefore(from) && !run.startedAt().isAfter(to))
                .toList());
    Collections.reverse(inWindow);
    long maxLaunched = Math.max(1, inWindow.stream().mapToLong(Run::launched).max().orElse(0));
    long maxDuration =
        Math.max(
            1,
            inWindow.stream()
                .filter(run -> run.durationMs() != null)
                .mapToLong(Run::durationMs)
                .max()
                .orElse(0));
    double span = Math.max(1, Duration.between(from, to).toMillis());
    double barWidth = Math.max(1.5, Math.min(12, WIDTH / Math.max(1.0, inWindow.size()) * 0.6));
    List<Bar> bars = new ArrayList<>();
    List<Dot> dots = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (Run run : inWindow) {
      double x =
          PAD + Duration.between(from, run.startedAt()).toMillis() / span * (WIDTH - 2 * PAD);
      double height = (double) run.launched() / maxLaunched * (HEIGHT - 10);
      String when = run.startedAt().toString();
      bars.add(
          new Bar(
              fmt(x - barWidth / 2),
              fmt(HEIGHT - height),
              fmt(barWidth),
              fmt(height),
              "run " + run.runId() + " at " + when + ": " + run.launched() + " launched"));
      if (run.durationMs() != null) {
        double y = HEIGHT - (double) run.durationMs() / maxDuration * (HEIGHT - 10);
        dots.add(
            new Dot(
                fmt(x),
                fmt(y),
                "run " + run.runId() + " at " + when + ": " + run.durationMs() + " ms"));
        line.append(line.isEmpty() ? "M" : " L").append(fmt(x)).append(' ').append(fmt(y));
      }
    }
    return new RunChart(
        from,
        to,
        inWindow.size(),
        maxLaunched,
        maxDuration,
        List.copyOf(bars),
        List.copyOf(dots),
        line.toString());
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
