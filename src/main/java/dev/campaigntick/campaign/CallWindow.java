package dev.campaigntick.campaign;

import java.util.List;

/** When a campaign may call, in local time: {@code {"start": "09:00", "end": "17:00", "days"}}. */
public record CallWindow(String start, String end, List<String> days) {

  /** ISO day names in order, Monday first; their position + 1 is the ISO day number. */
  public static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

  /** The whole week, all day: the default. */
  public static CallWindow always() {
    return new CallWindow("00:00", "24:00", DAYS);
  }
}
