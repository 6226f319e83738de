package dev.campaigntick.campaign;

import dev.campaigntick.web.ApiException;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks a campaign request; every refusal names the field and what it must be. */
public final class CampaignValidator {

  private CampaignValidator() {}

  /** A request that passed: defaults applied, time zone and window parsed. */
  public record Valid(
      CampaignRequest request,
      String timezone,
      String windowStart,
      String windowEnd,
      Short[] windowDays,
      int maxConcurrentCalls,
      int maxAttempts,
      int retryBackoffSeconds,
      int callTimeoutSeconds) {}

  public static Valid validate(CampaignRequest r) {
    if (r == null) {
      throw ApiException.badRequest("a JSON body describing the campaign is required");
    }
    require(
        r.organizationId() != null && !r.organizationId().isBlank(), "organizationId is required");
    require(r.organizationId().length() <= 200, "organizationId must be at most 200 characters");
    require(r.name() != null && !r.name().isBlank(), "name is required");
    require(r.name().length() <= 500, "name must be at most 500 characters");
    String timezone = timezone(r.timezone() == null ? "UTC" : r.timezone());
    require(r.maxConcurrentCalls() != null, "maxConcurrentCalls is required (>= 1)");
    require(r.maxConcurrentCalls() >= 1, "maxConcurrentCalls must be >= 1");
    require(r.dailyCallCap() == null || r.dailyCallCap() >= 1, "dailyCallCap must be >= 1");
    require(r.callsPerMinute() == null || r.callsPerMinute() >= 1, "callsPerMinute must be >= 1");
    int maxAttempts = r.maxAttempts() == null ? 3 : r.maxAttempts();
    require(maxAttempts >= 1 && maxAttempts <= 100, "maxAttempts must be between 1 and 100");
    int backoff = r.retryBackoffSeconds() == null ? 300 : r.retryBackoffSeconds();
    require(backoff >= 0 && backoff <= 604_800, "retryBackoffSeconds must be between 0 and 604800");
    int timeout = r.callTimeoutSeconds() == null ? 900 : r.callTimeoutSeconds();
    require(timeout >= 1 && timeout <= 86_400, "callTimeoutSeconds must be between 1 and 86400");
    require(
        r.agent() == null || r.agent().isObject() || r.agent().isNull(),
        "agent must be a JSON object");
    CallWindow window = r.callWindow() == null ? CallWindow.always() : r.callWindow();
    String start = time("callWindow.start", window.start() == null ? "00:00" : window.start());
    String end = time("callWindow.end", window.end() == null ? "24:00" : window.end());
    require(
        end.equals("24:00") || LocalTime.parse(end).isAfter(LocalTime.parse(start)),
        "callWindow.end must be after callWindow.start");
    List<String> days = window.days() == null ? CallWindow.DAYS : window.days();
    require(!days.isEmpty(), "callWindow.days must name at least one day");
    List<Short> isoDays = new ArrayList<>();
    for (String day : days) {
      int index = day == null ? -1 : CallWindow.DAYS.indexOf(day.trim().toUpperCase(Locale.ROOT));
      require(index >= 0, "callWindow.days has an unknown day '" + day + "' (use MON..SUN)");
      if (!isoDays.contains((short) (index + 1))) {
        isoDays.add((short) (index + 1));
      }
    }
    return new Valid(
        r,
        timezone,
        start,
        end,
        isoDays.toArray(Short[]::new),
        r.maxConcurrentCalls(),
        maxAttempts,
        backoff,
        timeout);
  }

  /** An IANA time zone, checked. */
  public static String timezone(String value) {
    try {
      return ZoneId.of(value.trim()).getId();
    } catch (DateTimeException e) {
      throw ApiException.badRequest("timezone '" + value + "' is not an IANA time zone");
    }
  }

  private static String time(String field, String value) {
    if (value.equals("24:00")) {
      return value;
    }
    try {
      return LocalTime.parse(value).toString();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(field + " must be a time of day like 09:00");
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw ApiException.badRequest(message);
    }
  }
}
