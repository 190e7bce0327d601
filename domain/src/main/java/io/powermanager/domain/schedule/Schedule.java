package io.powermanager.domain.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A weekly time-of-day schedule in one zone: which entry holds at an instant and when the next one
 * starts. Pure and immutable; the caller passes the instant (from its injected {@code Clock}).
 *
 * <p>The active entry at {@code now} is the one whose latest start at or before {@code now} is
 * latest, looking back over the previous days when none started today (so a schedule created at
 * 14:00 with entries 08:00 and 20:00 is at its 08:00 entry at once, and one created at 07:00 at
 * yesterday's 20:00 entry). Starts follow the zone's rules: a local time inside a spring-forward
 * gap starts at the first instant after the gap; one inside a fall-back overlap starts once, at the
 * earlier offset.
 *
 * @param zone the zone the entries' times are read in
 * @param entries at least one; each applies on its days
 * @param <T> what an entry holds while it is active
 */
public record Schedule<T>(ZoneId zone, List<Entry<T>> entries) {

  /** How far back or ahead the search looks: a week and a day covers every weekly entry. */
  private static final int DAYS_SEARCHED = 8;

  public Schedule {
    Objects.requireNonNull(zone, "zone");
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one entry");
    }
  }

  /**
   * One entry: from {@code at} on each of {@code days} until the next entry starts.
   *
   * @param index the entry's position in its object ({@code entries[index]})
   * @param at the local time it starts
   * @param days the days it applies on, never empty
   * @param layer what holds while it is active
   */
  public record Entry<T>(int index, LocalTime at, Set<DayOfWeek> days, T layer) {
    public Entry {
      Objects.requireNonNull(at, "at");
      days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
      if (days.isEmpty()) {
        throw new IllegalArgumentException("an entry applies on at least one day");
      }
    }

    /** An entry that applies on every day. */
    public static <T> Entry<T> daily(int index, LocalTime at, T layer) {
      return new Entry<>(index, at, EnumSet.allOf(DayOfWeek.class), layer);
    }
  }

  /**
   * Where the schedule stands at an instant.
   *
   * @param active the entry in effect
   * @param since when it started
   * @param next the entry that starts next (may be {@code active} again, a day or a week later)
   * @param nextAt when it starts; always after the instant asked about
   */
  public record Position<T>(Entry<T> active, Instant since, Entry<T> next, Instant nextAt) {}

  /** The entry in effect at {@code now}, since when, and the next transition. */
  public Position<T> at(Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    Start<T> latest = null;
    Start<T> soonest = null;
    for (int d = -DAYS_SEARCHED; d <= DAYS_SEARCHED; d++) {
      LocalDate date = today.plusDays(d);
      for (Entry<T> e : entries) {
        if (!e.days().contains(date.getDayOfWeek())) {
          continue;
        }
        Start<T> start = new Start<>(e, startOf(date, e.at()), LocalDateTime.of(date, e.at()));
        if (!start.instant().isAfter(now)) {
          if (latest == null || compare(start, latest) > 0) {
            latest = start;
          }
        } else if (soonest == null || compare(start, soonest) < 0) {
          soonest = start;
        }
      }
    }
    // Entries exist and apply on some day, so a 17-day window holds one start on each side.
    Objects.requireNonNull(latest, "no start in the window");
    Objects.requireNonNull(soonest, "no start in the window");
    return new Position<>(latest.entry(), latest.instant(), soonest.entry(), soonest.instant());
  }

  /** The entry in effect at {@code now}. */
  public Entry<T> activeAt(Instant now) {
    return at(now).active();
  }

  /**
   * When local {@code time} on {@code date} starts in the zone: its instant, the end of a
   * spring-forward gap that contains it, or its earlier instant in a fall-back overlap.
   */
  public Instant startOf(LocalDate date, LocalTime time) {
    LocalDateTime local = LocalDateTime.of(date, time);
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition != null && transition.isGap()) {
      return transition.getInstant();
    }
    return ZonedDateTime.ofLocal(local, zone, null).toInstant(); // overlap: earlier offset
  }

  private record Start<T>(Entry<T> entry, Instant instant, LocalDateTime local) {}

  /**
   * Whether {@code a} starts after {@code b}: by instant; two local times folded onto one instant
   * by a gap are ordered by local time, so the later one is the one in effect.
   */
  private static int compare(Start<?> a, Start<?> b) {
    int byInstant = a.instant().compareTo(b.instant());
    return byInstant != 0 ? byInstant : a.local().compareTo(b.local());
  }
}
