package io.powermanager.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static final ZoneId DUBLIN = ZoneId.of("Europe/Dublin");

  private static Schedule<String> daily(ZoneId zone, String... times) {
    List<Schedule.Entry<String>> entries = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      entries.add(Schedule.Entry.daily(i, LocalTime.parse(times[i]), times[i]));
    }
    return new Schedule<>(zone, entries);
  }

  /** Every start between {@code from} and {@code to}, watched minute by minute as a timer would. */
  private static List<String> startsBetween(Schedule<String> schedule, Instant from, Instant to) {
    List<String> starts = new ArrayList<>();
    Schedule.Position<String> last = schedule.at(from);
    for (Instant now = from; !now.isAfter(to); now = now.plus(Duration.ofMinutes(1))) {
      Schedule.Position<String> p = schedule.at(now);
      if (!p.since().equals(last.since())) {
        starts.add(p.active().layer() + "@" + p.since());
      }
      last = p;
    }
    return starts;
  }

  @Test
  void creationAtTwoPmAppliesTheEightOClockEntryAtOnce() {
    // Given
    Schedule<String> schedule = daily(ZoneId.of("UTC"), "08:00", "20:00");

    // When
    Schedule.Position<String> p = schedule.at(Instant.parse("2026-06-10T14:00:00Z"));

    // Then
    assertThat(p.active().layer()).isEqualTo("08:00");
    assertThat(p.since()).isEqualTo(Instant.parse("2026-06-10T08:00:00Z"));
    assertThat(p.next().layer()).isEqualTo("20:00");
    assertThat(p.nextAt()).isEqualTo(Instant.parse("2026-06-10T20:00:00Z"));
  }

  @Test
  void beforeTheFirstEntryOfTheDayYesterdaysLastEntryHolds() {
    // Given
    Schedule<String> schedule = daily(ZoneId.of("UTC"), "08:00", "20:00");

    // When
    Schedule.Position<String> p = schedule.at(Instant.parse("2026-06-10T07:59:59Z"));

    // Then
    assertThat(p.active().layer()).isEqualTo("20:00");
    assertThat(p.since()).isEqualTo(Instant.parse("2026-06-09T20:00:00Z"));
    assertThat(p.nextAt()).isEqualTo(Instant.parse("2026-06-10T08:00:00Z"));
  }

  @Test
  void restartAtHalfPastEightAppliesOnlyTheEightPmEntry() {
    // Given: an agent (re)started at 20:30 with no memory of earlier entries
    Schedule<String> schedule = daily(ZoneId.of("UTC"), "06:00", "08:00", "12:00", "20:00");
    Instant restart = Instant.parse("2026-06-10T20:30:00Z");

    // When
    Schedule.Position<String> p = schedule.at(restart);
    List<String> startsUntilMidnight =
        startsBetween(schedule, restart, Instant.parse("2026-06-10T23:59:00Z"));

    // Then: one entry in effect, and no earlier entry fires after it
    assertThat(p.active().layer()).isEqualTo("20:00");
    assertThat(p.since()).isEqualTo(Instant.parse("2026-06-10T20:00:00Z"));
    assertThat(startsUntilMidnight).isEmpty();
  }

  @Test
  void anEditedEntryHoldsAtOnceWithoutWaitingForItsNextStart() {
    // Given
    Instant now = Instant.parse("2026-06-10T14:00:00Z");
    Schedule<String> before =
        new Schedule<>(
            ZoneId.of("UTC"),
            List.of(Schedule.Entry.daily(0, LocalTime.of(8, 0), "balance-power")));

    // When
    Schedule<String> edited =
        new Schedule<>(
            ZoneId.of("UTC"), List.of(Schedule.Entry.daily(0, LocalTime.of(8, 0), "performance")));

    // Then
    assertThat(before.activeAt(now).layer()).isEqualTo("balance-power");
    assertThat(edited.activeAt(now).layer()).isEqualTo("performance");
  }

  @Test
  void dublinSpringForwardStartsEveryEntryExactlyOnceAndTheGapEntryAtTheGapsEnd() {
    // Given: on 2026-03-29 Dublin's clocks jump from 01:00 GMT to 02:00 IST (01:00 UTC)
    Schedule<String> schedule = daily(DUBLIN, "00:30", "01:30", "08:00", "20:00");

    // When
    List<String> starts =
        startsBetween(
            schedule, Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-03-30T12:00:00Z"));

    // Then
    assertThat(starts)
        .containsExactly(
            "20:00@2026-03-28T20:00:00Z",
            "00:30@2026-03-29T00:30:00Z",
            "01:30@2026-03-29T01:00:00Z", // 01:30 does not exist: the first instant after the gap
            "08:00@2026-03-29T07:00:00Z", // IST from here on
            "20:00@2026-03-29T19:00:00Z",
            "00:30@2026-03-29T23:30:00Z",
            "01:30@2026-03-30T00:30:00Z",
            "08:00@2026-03-30T07:00:00Z");
  }

  @Test
  void dublinFallBackStartsTheRepeatedHourOnceAtTheEarlierOffset() {
    // Given: on 2026-10-25 Dublin's clocks fall back from 02:00 IST to 01:00 GMT (01:00 UTC)
    Schedule<String> schedule = daily(DUBLIN, "00:30", "01:30", "08:00", "20:00");

    // When
    List<String> starts =
        startsBetween(
            schedule, Instant.parse("2026-10-24T12:00:00Z"), Instant.parse("2026-10-26T12:00:00Z"));

    // Then: 01:30 happens twice on the wall clock but starts once, at 01:30 IST (00:30 UTC)
    assertThat(starts)
        .containsExactly(
            "20:00@2026-10-24T19:00:00Z",
            "00:30@2026-10-24T23:30:00Z",
            "01:30@2026-10-25T00:30:00Z",
            "08:00@2026-10-25T08:00:00Z", // GMT from here on
            "20:00@2026-10-25T20:00:00Z",
            "00:30@2026-10-26T00:30:00Z",
            "01:30@2026-10-26T01:30:00Z",
            "08:00@2026-10-26T08:00:00Z");
  }

  @Test
  void twoEntriesInOneGapStartTogetherAndTheLaterOneHolds() {
    // Given
    Schedule<String> schedule = daily(DUBLIN, "01:15", "01:45", "08:00");

    // When
    Schedule.Position<String> p = schedule.at(Instant.parse("2026-03-29T01:00:00Z"));

    // Then
    assertThat(p.active().layer()).isEqualTo("01:45");
    assertThat(p.since()).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
  }

  @Test
  void weekdayEntriesLeaveTheWeekendToFridaysLastEntry() {
    // Given: 2026-06-13 is a Saturday
    Schedule<String> schedule =
        new Schedule<>(
            ZoneId.of("UTC"),
            List.of(
                new Schedule.Entry<>(
                    0,
                    LocalTime.of(8, 0),
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    "peak"),
                new Schedule.Entry<>(
                    1,
                    LocalTime.of(18, 0),
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    "off-peak")));

    // When
    Schedule.Position<String> p = schedule.at(Instant.parse("2026-06-13T12:00:00Z"));

    // Then
    assertThat(p.active().layer()).isEqualTo("off-peak");
    assertThat(p.since()).isEqualTo(Instant.parse("2026-06-12T18:00:00Z"));
    assertThat(p.next().layer()).isEqualTo("peak");
    assertThat(p.nextAt()).isEqualTo(Instant.parse("2026-06-15T08:00:00Z"));
  }
}
