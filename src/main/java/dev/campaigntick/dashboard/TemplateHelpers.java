package dev.campaigntick.dashboard;

import dev.campaigntick.admin.SchedulerResource.Health;
import dev.campaigntick.campaign.CallWindow;
import dev.campaigntick.campaign.Campaign;
import dev.campaigntick.campaign.Campaign.Progress;
import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small pieces of presentation the templates call: progress segments, windows, URL parts. */
@TemplateExtension
public class TemplateHelpers {

  /** One coloured part of a progress bar, in percent of its width. */
  public record Segment(String kind, long count, String x, String width) {}

  private TemplateHelpers() {}

  /** The contacts in each state, as consecutive segments of a bar 100 units wide. */
  static List<Segment> segments(Progress progress) {
    long[] counts = {
      progress.done(),
      progress.inProgress(),
      progress.pending(),
      progress.failed(),
      progress.excluded()
    };
    String[] kinds = {"done", "in-progress", "pending", "failed", "excluded"};
    long total = total(progress);
    List<Segment> segments = new ArrayList<>();
    double x = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      double width = 100.0 * counts[i] / total;
      segments.add(new Segment(kinds[i], counts[i], fmt(x), fmt(width)));
      x += width;
    }
    return segments;
  }

  /** All contacts, at least 1 so a bar of an empty campaign divides safely. */
  static long total(Progress progress) {
    return Math.max(
        1,
        progress.done()
            + progress.inProgress()
            + progress.pending()
            + progress.failed()
            + progress.excluded());
  }

  /** Settled contacts (done, failed or excluded) in percent. */
  static long percentSettled(Progress progress) {
    return Math.round(
        100.0 * (progress.done() + progress.failed() + progress.excluded()) / total(progress));
  }

  /** "09:00–17:00 MON–FRI"-style text. */
  static String describe(CallWindow window) {
    String days =
        window.days().equals(CallWindow.DAYS)
            ? "every day"
            : window.days().equals(CallWindow.DAYS.subList(0, 5))
                ? "MON–FRI"
                : String.join(" ", window.days());
    return window.start() + "–" + window.end() + ", " + days;
  }

  /** The state changes the dashboard offers for a campaign in its current status. */
  static List<String> actions(Campaign campaign) {
    return switch (campaign.status()) {
      case "SCHEDULED", "RUNNING" -> List.of("pause", "cancel");
      case "PAUSED" -> List.of("resume", "cancel");
      case "DRAFT" -> List.of("cancel");
      default -> List.of();
    };
  }

  /** "pause" becomes "Pause". */
  static String capitalize(String value) {
    return value.isEmpty()
        ? value
        : value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1);
  }

  /** "every 1 min", or "every 10 s" for an interval that is not whole minutes. */
  static String interval(Health health) {
    long seconds = health.intervalSeconds();
    return seconds % 60 == 0 ? "every " + seconds / 60 + " min" : "every " + seconds + " s";
  }

  /** A query-string value. */
  static String url(String value) {
    return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
