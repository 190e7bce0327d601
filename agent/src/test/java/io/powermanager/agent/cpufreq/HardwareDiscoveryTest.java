package io.powermanager.agent.cpufreq;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.agent.sysfs.NioSysfs;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareDiscoveryTest {

  static SysfsPort port(EmulatedSysfs sysfs) {
    return SysfsPort.of(sysfs::read, sysfs::write, sysfs::exists, sysfs::list);
  }

  private static HardwareRange range(long minKhz, long maxKhz, long baseKhz) {
    return new HardwareRange(
        Frequency.ofKhz(minKhz),
        Frequency.ofKhz(maxKhz),
        baseKhz == 0 ? Optional.empty() : Optional.of(Frequency.ofKhz(baseKhz)));
  }

  @Test
  void discoversEveryCpuOfTheSapphireRapidsNode() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());

    // When
    HardwareFacts facts = HardwareDiscovery.discover(port(sysfs));

    // Then
    assertThat(facts.online()).hasToString("0-223");
    assertThat(facts.tunableCpus()).isEqualTo(CpuSet.range(0, 223));
    assertThat(facts.driver()).contains("intel_pstate");
    assertThat(facts.governors()).containsExactly("performance", "powersave");
    assertThat(facts.epps())
        .containsExactly("default", "performance", "balance_performance", "balance_power", "power");
    assertThat(facts.eppSupported()).isTrue();
    assertThat(facts.coreTypes())
        .containsExactly(
            new HardwareFacts.CoreType(CpuSet.range(0, 223), range(800_000, 3_800_000, 2_000_000)));
    assertThat(facts.topology().get(0))
        .isEqualTo(new HardwareFacts.Topology(0, 0, 0, CpuSet.of(0, 112)));
    assertThat(facts.topology().get(56).packageId()).isEqualTo(1);
    assertThat(facts.idleDriver()).contains("intel_idle");
    assertThat(facts.idleStates())
        .containsExactly(
            new HardwareFacts.IdleStateInfo("POLL", 0, 0),
            new HardwareFacts.IdleStateInfo("C1", 1, 1),
            new HardwareFacts.IdleStateInfo("C1E", 2, 4),
            new HardwareFacts.IdleStateInfo("C6", 290, 800));
    assertThat(facts.uncore())
        .extracting(HardwareFacts.UncoreInfo::domain)
        .containsExactly("package_00_die_00", "package_01_die_00");
    assertThat(facts.missing()).isEmpty();
  }

  @Test
  void discoversTheSmallNode() throws Exception {
    // When
    HardwareFacts facts =
        HardwareDiscovery.discover(port(EmulatedSysfs.inMemory(HardwareModel.small())));

    // Then
    assertThat(facts.online()).hasToString("0-7");
    assertThat(facts.coreTypes())
        .containsExactly(
            new HardwareFacts.CoreType(CpuSet.range(0, 7), range(800_000, 3_500_000, 2_100_000)));
    assertThat(facts.uncore())
        .containsExactly(
            new HardwareFacts.UncoreInfo(
                "package_00_die_00", Frequency.ofKhz(800_000), Frequency.ofKhz(2_400_000)));
    assertThat(facts.missing()).isEmpty();
  }

  @Test
  void reportsAcpiCpufreqWithoutEppBaseFrequencyOrUncoreAsMissingCapabilities() throws Exception {
    // When
    HardwareFacts facts =
        HardwareDiscovery.discover(port(EmulatedSysfs.inMemory(HardwareModel.acpi())));

    // Then
    assertThat(facts.driver()).contains("acpi-cpufreq");
    assertThat(facts.eppSupported()).isFalse();
    assertThat(facts.epps()).isEmpty();
    assertThat(facts.governors()).contains("schedutil", "ondemand", "powersave");
    assertThat(facts.coreTypes())
        .containsExactly(
            new HardwareFacts.CoreType(CpuSet.range(0, 15), range(1_200_000, 2_400_000, 0)));
    assertThat(facts.idleDriver()).contains("acpi_idle");
    assertThat(facts.missing())
        .containsExactly(
            "cpufreq/base_frequency (cpus 0-15)",
            "cpufreq/energy_performance_preference (cpus 0-15)",
            "intel_uncore_frequency");
  }

  @Test
  void groupsHybridCoresIntoCoreTypesFromEachCpusOwnFiles() throws Exception {
    // When
    HardwareFacts facts =
        HardwareDiscovery.discover(port(EmulatedSysfs.inMemory(HardwareModel.hybrid())));

    // Then
    assertThat(facts.coreTypes())
        .containsExactly(
            new HardwareFacts.CoreType(CpuSet.range(0, 7), range(800_000, 4_700_000, 2_100_000)),
            new HardwareFacts.CoreType(CpuSet.range(8, 15), range(800_000, 3_400_000, 1_500_000)));
    assertThat(facts.commonRange().orElseThrow().max()).isEqualTo(Frequency.ofKhz(3_400_000));
    assertThat(facts.idleStates()).extracting(HardwareFacts.IdleStateInfo::name).contains("C10");
  }

  @Test
  void discoversOnlineCpusWithGaps() throws Exception {
    // Given
    HardwareModel model = HardwareModel.small().withOffline(CpuSet.of(3, 5));

    // When
    HardwareFacts facts = HardwareDiscovery.discover(port(EmulatedSysfs.inMemory(model)));

    // Then
    assertThat(facts.online()).hasToString("0-2,4,6-7");
    assertThat(facts.cpus().keySet()).containsExactly(0, 1, 2, 4, 6, 7);
    assertThat(facts.topology().keySet()).containsExactly(0, 1, 2, 4, 6, 7);
    assertThat(facts.missing()).isEmpty();
  }

  @Test
  void findsTheSameFactsThroughTheRealFileAdapter(@TempDir Path dir) throws Exception {
    // Given
    EmulatedSysfs onDisk = EmulatedSysfs.create(dir.resolve("cpu"), HardwareModel.hybrid());
    HardwareFacts inMemory =
        HardwareDiscovery.discover(port(EmulatedSysfs.inMemory(HardwareModel.hybrid())));

    // When
    HardwareFacts viaFiles = HardwareDiscovery.discover(new NioSysfs(onDisk.root().orElseThrow()));

    // Then
    assertThat(viaFiles).isEqualTo(inMemory);
  }

  @Test
  void recordsACpuWithoutCpufreqAsMissingAndNotTunable() throws Exception {
    // Given: cpu1's cpufreq directory is gone (a driver that failed to bind)
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    SysfsPort withoutCpu1Freq =
        SysfsPort.of(
            path -> {
              if (path.startsWith("cpu1/cpufreq/")) {
                throw new java.nio.file.NoSuchFileException(path);
              }
              return sysfs.read(path);
            },
            sysfs::write,
            path -> !path.startsWith("cpu1/cpufreq/") && sysfs.exists(path),
            sysfs::list);

    // When
    HardwareFacts facts = HardwareDiscovery.discover(withoutCpu1Freq);

    // Then
    assertThat(facts.online()).hasToString("0-7");
    assertThat(facts.tunableCpus()).hasToString("0,2-7");
    assertThat(facts.missing()).isEqualTo(List.of("cpufreq (cpus 1)"));
  }
}
