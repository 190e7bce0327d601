package io.powermanager.domain.tuning;

import static io.powermanager.domain.tuning.TuningFixtures.acpiBoot;
import static io.powermanager.domain.tuning.TuningFixtures.acpiCpu;
import static io.powermanager.domain.tuning.TuningFixtures.eCore;
import static io.powermanager.domain.tuning.TuningFixtures.performance;
import static io.powermanager.domain.tuning.TuningFixtures.profile;
import static io.powermanager.domain.tuning.TuningFixtures.sprBoot;
import static io.powermanager.domain.tuning.TuningFixtures.sprCpu;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.pool.Pool;
import io.powermanager.domain.power.Epp;
import io.powermanager.domain.power.Governor;
import io.powermanager.domain.power.PowerProfile;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DesiresTest {

  private static Function<String, Optional<PowerProfile>> catalog(PowerProfile... profiles) {
    Map<String, PowerProfile> byName = new java.util.HashMap<>();
    for (PowerProfile p : profiles) {
      byName.put(p.name(), p);
    }
    return name -> Optional.ofNullable(byName.get(name));
  }

  @Test
  void tunesAnExclusiveCpuToItsProfileWithPowersaveSoEppApplies() {
    // Given
    Pool pool = new Pool.Exclusive("performance-node1");

    // When
    Desire desire =
        Desires.of(sprCpu(2), pool, catalog(performance()), Optional.empty(), sprBoot());

    // Then
    assertThat(desire)
        .isEqualTo(
            new Desire.Target(
                CpuSettings.of("powersave", "performance", 3_600_000, 3_800_000),
                "profile performance-node1"));
  }

  @Test
  void aProfileWithoutEppLeavesTheEppAsItIsAndTheWriterNeverWritesIt() {
    // Given: a v1 profile with epp "" (Intel v2.3+), the CPU at EPP balance_power
    PowerProfile noEpp =
        ((PowerProfile.Valid) PowerProfile.of("window-only", 1000L, 2000L, "", null, null))
            .profile();
    CpuSettings have = CpuSettings.of("performance", "performance", 800_000, 3_800_000);

    // When
    Desire desire =
        Desires.of(
            sprCpu(2), new Pool.Exclusive("window-only"), catalog(noEpp), Optional.empty(), have);

    // Then: the governor and window are planned, no EPP at all
    assertThat(desire).isInstanceOf(Desire.Target.class);
    CpuSettings want = ((Desire.Target) desire).settings();
    assertThat(want.epp()).isEmpty();
    assertThat(WritePlanner.plan(2, want, have, true))
        .extracting(PlannedWrite::knob)
        .doesNotContain(Knob.EPP)
        .contains(Knob.GOVERNOR);
  }

  @Test
  void leavesADefaultCpuWithoutSnapshotUntouched() {
    // When
    Desire desire =
        Desires.of(sprCpu(5), new Pool.Default(), catalog(), Optional.empty(), sprBoot());

    // Then
    assertThat(desire).isInstanceOf(Desire.Untouched.class);
  }

  @Test
  void wantsTheSnapshotBackForDefaultAndReservedCpus() {
    // Given
    CpuSettings original = CpuSettings.of("performance", "performance", 2_000_000, 3_000_000);
    CpuSettings tuned = CpuSettings.of("powersave", "power", 1_000_000, 1_500_000);

    // When
    Desire asDefault =
        Desires.of(sprCpu(5), new Pool.Default(), catalog(), Optional.of(original), tuned);
    Desire asReserved =
        Desires.of(sprCpu(0), new Pool.Reserved(), catalog(), Optional.of(original), tuned);

    // Then
    assertThat(asDefault).isEqualTo(new Desire.Target(original, "snapshot"));
    assertThat(asReserved).isEqualTo(new Desire.Target(original, "snapshot"));
  }

  @Test
  void fillsAnAbsentWindowWithTheCpusOwnHardwareLimits() {
    // Given
    PowerProfile open = profile("open", null, null, Epp.BALANCE_POWER);

    // When
    Desire pCore = Desires.target(sprCpu(0), open, sprBoot());
    Desire eCore = Desires.target(eCore(9), open, sprBoot());

    // Then
    assertThat(((Desire.Target) pCore).settings())
        .isEqualTo(CpuSettings.of("powersave", "balance_power", 800_000, 3_800_000));
    assertThat(((Desire.Target) eCore).settings())
        .isEqualTo(CpuSettings.of("powersave", "balance_power", 800_000, 3_400_000));
  }

  @Test
  void refusesAWindowAboveTheCpusHardwareInsteadOfClamping() {
    // Given
    PowerProfile turbo = profile("turbo", 3500L, 3800L, Epp.PERFORMANCE);

    // When
    Desire onPCore = Desires.target(sprCpu(0), turbo, sprBoot());
    Desire onECore = Desires.target(eCore(9), turbo, sprBoot());

    // Then
    assertThat(onPCore).isInstanceOf(Desire.Target.class);
    assertThat(onECore)
        .isEqualTo(
            new Desire.Refused(
                "turbo",
                "power profile \"turbo\" window 3500-3800 MHz is outside cpu 9's hardware range"
                    + " 800-3400 MHz"));
  }

  @Test
  void refusesAWindowBelowTheCpusHardware() {
    // Given
    PowerProfile low = profile("low", 500L, 1000L, Epp.POWER);

    // When
    Desire desire = Desires.target(acpiCpu(1), low, acpiBoot());

    // Then
    assertThat(desire).isInstanceOf(Desire.Refused.class);
    assertThat(((Desire.Refused) desire).reason()).contains("500-1000 MHz", "1200-2400 MHz");
  }

  @Test
  void usesSchedutilAndNoEppOnAcpiCpufreq() {
    // When
    Desire desire = Desires.target(acpiCpu(3), profile("mid", 1500L, 2000L, Epp.POWER), acpiBoot());

    // Then
    assertThat(((Desire.Target) desire).settings())
        .isEqualTo(CpuSettings.of("schedutil", null, 1_500_000, 2_000_000));
  }

  @Test
  void keepsTheOriginalGovernorWhenNeitherPowersaveWithEppNorSchedutilExists() {
    // Given
    CpuHardware hw = acpiCpu(0, java.util.List.of("ondemand", "performance"));

    // When
    Desire desire =
        Desires.target(
            hw, profile("mid", 1500L, 2000L, Epp.POWER), CpuSettings.of("ondemand", null, 1, 2));

    // Then
    assertThat(((Desire.Target) desire).settings().governor()).isEqualTo("ondemand");
  }

  @Test
  void honoursAnExplicitGovernorAndRefusesOneTheCpuLacks() {
    // Given
    PowerProfile pinned = profile("pinned", 3600L, 3800L, Epp.PERFORMANCE, Governor.PERFORMANCE);
    PowerProfile ondemand = profile("od", 1500L, 2000L, Epp.POWER, Governor.ONDEMAND);

    // When
    Desire pinnedDesire = Desires.target(sprCpu(4), pinned, sprBoot());
    Desire ondemandDesire = Desires.target(sprCpu(4), ondemand, sprBoot());

    // Then
    assertThat(((Desire.Target) pinnedDesire).settings())
        .isEqualTo(CpuSettings.of("performance", "performance", 3_600_000, 3_800_000));
    assertThat(((Desire.Refused) ondemandDesire).reason())
        .contains("governor ondemand", "available: performance powersave");
  }

  @Test
  void plansIntelPstateLimitsAsTheRatiosTheDriverHolds() {
    // Given
    PowerProfile odd = profile("odd", 1050L, 2375L, Epp.BALANCE_POWER);

    // When
    Desire desire = Desires.target(sprCpu(1), odd, sprBoot());

    // Then
    assertThat(((Desire.Target) desire).settings())
        .isEqualTo(CpuSettings.of("powersave", "balance_power", 1_000_000, 2_300_000));
  }

  @Test
  void keepsAcpiLimitsExactlyAsWritten() {
    // When
    Desire desire =
        Desires.target(acpiCpu(1), profile("odd", 1250L, 2375L, Epp.BALANCE_POWER), acpiBoot());

    // Then
    assertThat(((Desire.Target) desire).settings().min().khz()).isEqualTo(1_250_000);
    assertThat(((Desire.Target) desire).settings().max().khz()).isEqualTo(2_375_000);
  }

  @Test
  void refusesAnUnknownProfile() {
    // When
    Desire desire =
        Desires.of(sprCpu(2), new Pool.Shared("gone"), catalog(), Optional.empty(), sprBoot());

    // Then
    assertThat(desire)
        .isEqualTo(
            new Desire.Refused("gone", "power profile \"gone\" does not exist or is invalid"));
  }

  @Test
  void usesTheSnapshotNotTheTunedStateAsTheOriginalGovernor() {
    // Given
    CpuHardware hw = acpiCpu(0, java.util.List.of("ondemand", "userspace"));
    CpuSettings snapshot = CpuSettings.of("ondemand", null, 1_200_000, 2_400_000);
    CpuSettings tunedByOthers = CpuSettings.of("userspace", null, 1_200_000, 2_400_000);

    // When
    Desire desire =
        Desires.of(
            hw,
            new Pool.Exclusive("mid"),
            catalog(profile("mid", 1500L, 2000L, Epp.POWER)),
            Optional.of(snapshot),
            tunedByOthers);

    // Then
    assertThat(((Desire.Target) desire).settings().governor()).isEqualTo("ondemand");
  }
}
