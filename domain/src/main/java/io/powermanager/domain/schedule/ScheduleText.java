package io.powermanager.domain.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The text forms a schedule is written in: {@code at} times, day names, zone ids. Pure. */
public final class ScheduleText {

  /** {@code HH:MM} or {@code HH:MM:SS}, 24-hour, anchored (also the CRD's pattern). */
  public static final String AT_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$";

  /** The day names an entry's {@code days} accepts. */
  public static final String DAY_PATTERN = "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)$";

  /** The zone when none is given. */
  public static final String DEFAULT_ZONE = "UTC";

  private static final Pattern AT = Pattern.compile(AT_PATTERN);

  private static final Map<String, DayOfWeek> DAYS =
      Map.of(
          "Mon", DayOfWeek.MONDAY,
          "Tue", DayOfWeek.TUESDAY,
          "Wed", DayOfWeek.WEDNESDAY,
          "Thu", DayOfWeek.THURSDAY,
          "Fri", DayOfWeek.FRIDAY,
          "Sat", DayOfWeek.SATURDAY,
          "Sun", DayOfWeek.SUNDAY);

  private ScheduleText() {}

  /** The local time {@code text} names, or empty when it is not exactly {@link #AT_PATTERN}. */
  public static Optional<LocalTime> at(String text) {
    if (text == null || !AT.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(LocalTime.parse(text));
  }

  /** The day {@code text} names ({@code Mon} … {@code Sun}), or empty. */
  public static Optional<DayOfWeek> day(String text) {
    return Optional.ofNullable(text == null ? null : DAYS.get(text));
  }

  /** The day's short name, {@code Mon} … {@code Sun}. */
  public static String dayName(DayOfWeek day) {
    String full = day.name();
    return full.charAt(0) + full.substring(1, 3).toLowerCase(Locale.ROOT);
  }

  /** The zone {@code text} names ({@link #DEFAULT_ZONE} when blank), or empty when unknown. */
  public static Optional<ZoneId> zone(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of(ZoneId.of(DEFAULT_ZONE));
    }
    try {
      return Optional.of(ZoneId.of(text));
    } catch (java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
