package io.powermanager.agent.uncore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.domain.uncore.UncoreLimits;
import io.powermanager.domain.uncore.UncoreRules;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.testkit.sysfs.SysfsWrite;
import io.powermanager.testkit.sysfs.WriteInterceptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uncore through the tuner's one observe → plan → snapshot → write → read-back, on the emulated
 * driver: each precedence layer, both layouts, the write order under strict mode, restore, a crash
 * between writes and the converged re-sync.
 */
class UncoreTunerTest {

  private static final String P0 = "intel_uncore_frequency/package_00_die_00/";
  private static final String P1 = "intel_uncore_frequency/package_01_die_00/";

  @TempDir Path stateDir;

  private static SysfsPort port(EmulatedSysfs sysfs) {
    return SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list);
  }

  private Tuner tuner(EmulatedSysfs sysfs) throws Exception {
    SysfsPort port = port(sysfs);
    return new Tuner(port, HardwareDiscovery.discover(port), SnapshotStore.open(stateDir));
  }

  /** No pod, no shared profile: every CPU untouched, so every write is an uncore one. */
  private static Tuner.Outcome converge(Tuner tuner, Optional<UncoreLimits> limits)
      throws Exception {
    NodePools pools =
        NodePools.assign(
            tuner.hardware().online(), tuner.hardware().online(), List.of(), Optional.empty());
    return tuner.converge(pools, name -> Optional.empty(), limits);
  }

  private static Optional<UncoreLimits> limits(
      Long sysMin, Long sysMax, UncoreRules.Selector... selectors) {
    return Optional.of(
        UncoreRules.parse(
            new UncoreRules.Request("node-1", Map.of(), sysMin, sysMax, List.of(selectors))));
  }

  private static String window(EmulatedSysfs sysfs, int pkg, int die) {
    return sysfs.uncore(pkg, die).minKhz() + "/" + sysfs.uncore(pkg, die).maxKhz();
  }

  @Test
  void intelsExampleGivesTheDieSelectorsWindowOnTheSmallNode() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);

    // When: sysMin 1300000, sysMax 2300000, package 0 die 0 at 1500000-2400000
    Tuner.Outcome outcome =
        converge(
            tuner,
            limits(1_300_000L, 2_300_000L, new UncoreRules.Selector(0, 0, 1_500_000L, 2_400_000L)));

    // Then
    assertThat(window(sysfs, 0, 0)).isEqualTo("1500000/2400000");
    assertThat(outcome.applied().clean()).isTrue();
    assertThat(outcome.plan().writes())
        .extracting(w -> w.path())
        .containsExactly(P0 + "min_freq_khz");
    assertThat(tuner.snapshots().files())
        .containsEntry(P0 + "min_freq_khz", "800000")
        .containsEntry(P0 + "max_freq_khz", "2400000");
  }

  @Test
  void systemBoundsAloneThenNoObjectReturnToTheBootValues() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);

    // When
    converge(tuner, limits(1_300_000L, 2_300_000L));

    // Then
    assertThat(window(sysfs, 0, 0)).isEqualTo("1300000/2300000");

    // When: the object is deleted
    converge(tuner, Optional.empty());

    // Then
    assertThat(window(sysfs, 0, 0)).isEqualTo("800000/2400000");
  }

  @Test
  void aDieSelectorForPackageOneChangesOnlyPackageOnesDomain() throws Exception {
    // Given: spr-8480, package 0 800000-2500000, package 1 1000000-2400000
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome =
        converge(tuner, limits(null, null, new UncoreRules.Selector(1, 0, 1_500_000L, 2_000_000L)));

    // Then
    assertThat(window(sysfs, 0, 0)).isEqualTo("800000/2500000");
    assertThat(window(sysfs, 1, 0)).isEqualTo("1500000/2000000");
    assertThat(outcome.plan().writes()).allMatch(w -> w.path().startsWith(P1));
  }

  @Test
  void aOneSidedSysMaxChangesOnlyTheCeilingOfEveryDomain() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome = converge(tuner, limits(null, 2_000_000L));

    // Then
    assertThat(window(sysfs, 0, 0)).isEqualTo("800000/2000000");
    assertThat(window(sysfs, 1, 0)).isEqualTo("1000000/2000000");
    assertThat(outcome.plan().writes())
        .extracting(w -> w.path())
        .containsExactly(P0 + "max_freq_khz", P1 + "max_freq_khz");
  }

  @Test
  void clampsIntoEachDomainsOwnRangeAndSaysSo() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());
    Tuner tuner = tuner(sysfs);

    // When: 900000 is below package 1's initial minimum
    Tuner.Outcome outcome = converge(tuner, limits(900_000L, null));

    // Then
    assertThat(window(sysfs, 0, 0)).isEqualTo("900000/2500000");
    assertThat(window(sysfs, 1, 0)).isEqualTo("1000000/2400000");
    assertThat(outcome.uncore().clamped())
        .singleElement()
        .asString()
        .contains("package_01_die_00", "min 900000", "clamped to 1000000");
    assertThat(UncoreReport.events("node-1", outcome.uncore(), outcome.applied(), List.of()))
        .extracting(UncoreReport.Event::reason)
        .containsExactly(UncoreReport.CLAMPED);
  }

  @Test
  void tunesTheTpmiModelThroughItsOwnDirectories() throws Exception {
    // Given: uncore00-03, no package_XX_die_YY directory
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.tpmi());
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome =
        converge(
            tuner,
            limits(null, 2_000_000L, new UncoreRules.Selector(1, 1, 1_200_000L, 2_400_000L)));

    // Then
    assertThat(tuner.hardware().uncore())
        .extracting(u -> u.domain() + "=" + u.packageId() + "/" + u.dieId())
        .containsExactly("uncore00=0/0", "uncore01=0/1", "uncore02=1/0", "uncore03=1/1");
    assertThat(window(sysfs, 0, 0)).isEqualTo("800000/2000000");
    assertThat(window(sysfs, 0, 1)).isEqualTo("1000000/2000000");
    assertThat(window(sysfs, 1, 0)).isEqualTo("800000/2000000");
    assertThat(window(sysfs, 1, 1)).isEqualTo("1200000/2400000");
    assertThat(outcome.plan().writes())
        .allMatch(w -> w.path().matches("intel_uncore_frequency/uncore0[0-3]/(min|max)_freq_khz"));
  }

  @Test
  void ordersWritesSoThatTheStrictDriverNeverSeesMinAboveMax() throws Exception {
    // Given: strict order; the domain first held low (800000-1200000)
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    sysfs.strictUncoreOrder(true);
    Tuner tuner = tuner(sysfs);
    converge(tuner, limits(null, 1_200_000L));

    // When: raised above the current ceiling, then lowered below the current floor
    Tuner.Outcome up = converge(tuner, limits(2_000_000L, 2_400_000L));
    String afterUp = window(sysfs, 0, 0);
    Tuner.Outcome down = converge(tuner, limits(800_000L, 1_000_000L));

    // Then
    assertThat(up.applied().clean()).isTrue();
    assertThat(afterUp).isEqualTo("2000000/2400000");
    assertThat(up.plan().writes())
        .extracting(w -> w.path())
        .containsExactly(P0 + "max_freq_khz", P0 + "min_freq_khz");
    assertThat(down.applied().clean()).isTrue();
    assertThat(window(sysfs, 0, 0)).isEqualTo("800000/1000000");
    assertThat(sysfs.writeLog()).allMatch(w -> w.error() == null);
  }

  @Test
  void restoresTheBootValuesAndForgetsThem() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());
    Tuner tuner = tuner(sysfs);
    converge(tuner, limits(1_300_000L, 2_300_000L));

    // When: SIGTERM
    Tuner.RestoreResult restored = Tuner.restore(port(sysfs), tuner.snapshots());

    // Then
    assertThat(restored.complete()).isTrue();
    assertThat(window(sysfs, 0, 0)).isEqualTo("800000/2500000");
    assertThat(window(sysfs, 1, 0)).isEqualTo("1000000/2400000");
    assertThat(tuner.snapshots().files()).isEmpty();
  }

  @Test
  void convergesAndRestoresAfterBeingKilledBetweenADomainsWrites() throws Exception {
    // Given: the agent dies before its second write (the domain's max after its min)
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    sysfs.interceptor(WriteInterceptor.crashAtWrite(2));
    Tuner first = tuner(sysfs);
    assertThatThrownBy(() -> converge(first, limits(1_300_000L, 2_300_000L)))
        .isInstanceOf(RuntimeException.class);
    sysfs.clearInterceptor();
    assertThat(window(sysfs, 0, 0)).isEqualTo("1300000/2400000");

    // When: restarted (a new store on the same state directory)
    Tuner second = tuner(sysfs);
    Tuner.Outcome outcome = converge(second, limits(1_300_000L, 2_300_000L));

    // Then: the originals were kept, not the half-tuned values
    assertThat(window(sysfs, 0, 0)).isEqualTo("1300000/2300000");
    assertThat(outcome.uncore().originals().get("package_00_die_00"))
        .hasToString("800000-2400000 kHz");
    Tuner.restore(port(sysfs), second.snapshots());
    assertThat(window(sysfs, 0, 0)).isEqualTo("800000/2400000");
  }

  @Test
  void aConvergedResyncWritesNoFile() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());
    Tuner tuner = tuner(sysfs);
    converge(
        tuner,
        limits(1_300_000L, 2_300_000L, new UncoreRules.Selector(1, 0, 1_500_000L, 2_400_000L)));
    long before = sysfs.writeCount();

    // When
    Tuner.Outcome again =
        converge(
            tuner,
            limits(1_300_000L, 2_300_000L, new UncoreRules.Selector(1, 0, 1_500_000L, 2_400_000L)));

    // Then
    assertThat(again.plan().writes()).isEmpty();
    assertThat(sysfs.writeCount()).isEqualTo(before);
    assertThat(UncoreReport.status(again.uncore(), again.applied()))
        .extracting(s -> s.getDomain() + " " + s.getMinKHz() + "-" + s.getMaxKHz())
        .containsExactly("package_00_die_00 1300000-2300000", "package_01_die_00 1500000-2400000");
  }

  @Test
  void aNodeWithoutTheDriverWritesNothingAndSaysUncoreUnsupported() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.acpi());
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome = converge(tuner, limits(1_300_000L, 2_300_000L));

    // Then
    assertThat(outcome.plan().writes()).isEmpty();
    assertThat(sysfs.writeLog()).extracting(SysfsWrite::path).isEmpty();
    assertThat(UncoreReport.conditions(true, !tuner.hardware().uncore().isEmpty()))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo(UncoreReport.UNCORE_UNSUPPORTED);
              assertThat(c.status()).isTrue();
            });
  }

  @Test
  void leavesADomainNobodyAskedForUnread() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    Tuner tuner = tuner(sysfs);

    // When
    Tuner.Outcome outcome = converge(tuner, Optional.empty());

    // Then
    assertThat(outcome.uncore().targets()).isEmpty();
    assertThat(tuner.snapshots().files()).isEmpty();
  }
}
