package io.powermanager.domain.uncore;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.tuning.PlannedWrite;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UncorePlannerTest {

  private static final UncoreDomain PACKAGE_0 =
      new UncoreDomain("package_00_die_00", 0, 0, 800_000, 2_400_000);
  private static final UncoreDomain PACKAGE_1 =
      new UncoreDomain("package_01_die_00", 1, 0, 800_000, 2_400_000);
  private static final UncoreWindow BOOT = new UncoreWindow(800_000, 2_400_000);

  private static UncoreLimits sys(Long min, Long max, UncoreLimits.DieLimit... selectors) {
    return new UncoreLimits(
        min == null ? OptionalLong.empty() : OptionalLong.of(min),
        max == null ? OptionalLong.empty() : OptionalLong.of(max),
        List.of(selectors));
  }

  private static UncoreLimits.DieLimit die(int pkg, Integer die, long min, long max) {
    return new UncoreLimits.DieLimit(
        pkg, die == null ? OptionalInt.empty() : OptionalInt.of(die), min, max);
  }

  private static UncoreWindow want(UncoreDomain d, UncoreLimits limits) {
    return UncorePlanner.target(d, Optional.of(limits), BOOT).want();
  }

  private static List<String> writes(UncoreWindow want, UncoreWindow have) {
    return UncorePlanner.writes(PACKAGE_0, want, have).stream()
        .map(PlannedWrite::toString)
        .map(s -> s.substring("intel_uncore_frequency/package_00_die_00/".length()))
        .toList();
  }

  @Test
  void keepsTheOriginalsWithoutLimits() {
    // When
    UncorePlanner.Target t =
        UncorePlanner.target(PACKAGE_0, Optional.empty(), new UncoreWindow(900_000, 2_000_000));

    // Then
    assertThat(t.want()).isEqualTo(new UncoreWindow(900_000, 2_000_000));
    assertThat(t.clamped()).isEmpty();
  }

  @Test
  void appliesBothSystemBounds() {
    assertThat(want(PACKAGE_0, sys(1_300_000L, 2_300_000L)))
        .isEqualTo(new UncoreWindow(1_300_000, 2_300_000));
  }

  @Test
  void oneSidedSystemMaxChangesOnlyTheCeiling() {
    assertThat(want(PACKAGE_0, sys(null, 2_000_000L)))
        .isEqualTo(new UncoreWindow(800_000, 2_000_000));
    assertThat(want(PACKAGE_0, sys(1_000_000L, null)))
        .isEqualTo(new UncoreWindow(1_000_000, 2_400_000));
  }

  @Test
  void dieSelectorWinsOverPackageSelectorWhichWinsOverSystemBounds() {
    // Given: Intel's example plus a package-wide entry for package 1
    UncoreLimits limits =
        sys(
            1_300_000L,
            2_300_000L,
            die(0, 0, 1_500_000, 2_400_000),
            die(0, null, 900_000, 1_000_000),
            die(1, null, 1_100_000, 1_200_000));

    // Then
    assertThat(want(PACKAGE_0, limits)).isEqualTo(new UncoreWindow(1_500_000, 2_400_000));
    assertThat(want(PACKAGE_1, limits)).isEqualTo(new UncoreWindow(1_100_000, 1_200_000));
  }

  @Test
  void selectorForAnotherPackageLeavesTheSystemBounds() {
    assertThat(want(PACKAGE_0, sys(1_300_000L, 2_300_000L, die(1, 0, 1_500_000, 2_400_000))))
        .isEqualTo(new UncoreWindow(1_300_000, 2_300_000));
  }

  @Test
  void truncatesToTheDriversRatioAndClampsIntoTheDomainsRange() {
    // When
    UncorePlanner.Target t =
        UncorePlanner.target(PACKAGE_0, Optional.of(sys(1_350_000L, 3_000_000L)), BOOT);

    // Then
    assertThat(t.want()).isEqualTo(new UncoreWindow(1_300_000, 2_400_000));
    assertThat(t.clamped()).singleElement().asString().contains("max 3000000", "2400000");
  }

  @Test
  void refusesAWindowThatLayeringLeftEmpty() {
    // When: sysMin alone above the original ceiling
    UncorePlanner.Target t =
        UncorePlanner.target(
            PACKAGE_0, Optional.of(sys(2_200_000L, null)), new UncoreWindow(800_000, 2_000_000));

    // Then
    assertThat(t.refused()).get().asString().contains("min 2200000", "max 2000000");
    assertThat(t.want()).isEqualTo(new UncoreWindow(800_000, 2_000_000));
  }

  @Test
  void raisesTheCeilingFirstWhenTheNewFloorIsAboveTheCurrentCeiling() {
    assertThat(writes(new UncoreWindow(2_000_000, 2_400_000), new UncoreWindow(800_000, 1_200_000)))
        .containsExactly("max_freq_khz=2400000", "min_freq_khz=2000000");
  }

  @Test
  void writesTheFloorFirstOtherwise() {
    assertThat(writes(new UncoreWindow(800_000, 1_000_000), new UncoreWindow(1_500_000, 2_400_000)))
        .containsExactly("min_freq_khz=800000", "max_freq_khz=1000000");
    assertThat(writes(new UncoreWindow(1_500_000, 2_300_000), new UncoreWindow(800_000, 2_400_000)))
        .containsExactly("min_freq_khz=1500000", "max_freq_khz=2300000");
  }

  @Test
  void writesOnlyTheFilesThatDifferAndNothingWhenConverged() {
    assertThat(writes(new UncoreWindow(800_000, 2_000_000), BOOT))
        .containsExactly("max_freq_khz=2000000");
    assertThat(writes(BOOT, BOOT)).isEmpty();
  }

  @Test
  void keepsMinAtMostMaxAfterEveryWriteForAnyPairOfWindows() {
    long[] steps = {800_000, 1_200_000, 1_600_000, 2_000_000, 2_400_000};
    for (long haveMin : steps) {
      for (long haveMax : steps) {
        for (long wantMin : steps) {
          for (long wantMax : steps) {
            if (haveMin > haveMax || wantMin > wantMax) {
              continue;
            }
            long min = haveMin;
            long max = haveMax;
            for (PlannedWrite w :
                UncorePlanner.writes(
                    PACKAGE_0,
                    new UncoreWindow(wantMin, wantMax),
                    new UncoreWindow(haveMin, haveMax))) {
              if (w.path().endsWith("min_freq_khz")) {
                min = Long.parseLong(w.value());
              } else {
                max = Long.parseLong(w.value());
              }
              assertThat(min).as("after %s", w).isLessThanOrEqualTo(max);
            }
            assertThat(new UncoreWindow(min, max)).isEqualTo(new UncoreWindow(wantMin, wantMax));
          }
        }
      }
    }
  }

  @Test
  void aLayerWinsPerBoundOverTheLimitsItLiesOn() {
    // Given: the object raises the floor and caps package 1; the layer lowers every ceiling
    UncoreLimits object = sys(1_300_000L, 2_300_000L, die(1, null, 1_000_000, 1_800_000));
    UncoreLimits layer = sys(null, 2_000_000L).over(Optional.of(object));

    // When
    UncoreWindow p0 = want(PACKAGE_0, layer);
    UncoreWindow p1 = want(PACKAGE_1, layer);

    // Then: the object's floors stay; the layer's ceiling wins, even over the package selector
    assertThat(p0).isEqualTo(new UncoreWindow(1_300_000, 2_000_000));
    assertThat(p1).isEqualTo(new UncoreWindow(1_000_000, 2_000_000));
  }

  @Test
  void aLayerOnNothingStartsFromTheOriginals() {
    // When
    UncoreWindow w = want(PACKAGE_0, sys(null, 2_000_000L).over(Optional.empty()));

    // Then
    assertThat(w).isEqualTo(new UncoreWindow(800_000, 2_000_000));
  }
}
