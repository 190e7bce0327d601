package io.powermanager.testkit.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.domain.CpuSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree each hardware model lays out, file by file. The emulated contents are the same in memory
 * and on disk ({@link #smallTreeOnDiskMatchesTheEmulatedContentsFileByFile}), so most tests read
 * the in-memory tree and skip the cost of creating thousands of files.
 */
class HardwareModelTreeTest {

  @TempDir Path root;

  private static String strip(String fileContent) {
    return fileContent.strip();
  }

  @Test
  void spr8480ShowsTwoSocketsOfFiftySixCoresWithHyperThreading() throws IOException {
    // Given
    HardwareModel model = HardwareModel.byName("spr-8480");

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);

    // Then
    assertThat(sysfs.read("online")).isEqualTo("0-223\n");
    assertThat(sysfs.read("possible")).isEqualTo("0-223\n");
    assertThat(sysfs.read("offline")).isEqualTo("\n");
    assertThat(sysfs.read("cpu0/topology/physical_package_id")).isEqualTo("0\n");
    assertThat(sysfs.read("cpu0/topology/die_id")).isEqualTo("0\n");
    assertThat(sysfs.read("cpu0/topology/core_id")).isEqualTo("0\n");
    assertThat(sysfs.read("cpu0/topology/thread_siblings_list")).isEqualTo("0,112\n");
    assertThat(sysfs.read("cpu0/topology/package_cpus_list")).isEqualTo("0-55,112-167\n");
    assertThat(sysfs.read("cpu56/topology/physical_package_id")).isEqualTo("1\n");
    assertThat(sysfs.read("cpu56/topology/core_id")).isEqualTo("0\n");
    assertThat(sysfs.read("cpu56/topology/thread_siblings_list")).isEqualTo("56,168\n");
    assertThat(sysfs.read("cpu223/topology/package_cpus_list")).isEqualTo("56-111,168-223\n");
    assertThat(sysfs.read("cpu167/topology/physical_package_id")).isEqualTo("0\n");
    assertThat(sysfs.read("cpu167/topology/core_id")).isEqualTo("55\n");
  }

  @Test
  void spr8480ShowsIntelPstateWithItsFrequenciesGovernorsAndEpp() throws IOException {
    // Given
    HardwareModel model = HardwareModel.spr8480();

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);

    // Then
    for (int cpu : List.of(0, 111, 112, 223)) {
      String freq = "cpu" + cpu + "/cpufreq/";
      assertThat(sysfs.read(freq + "scaling_driver")).isEqualTo("intel_pstate\n");
      assertThat(sysfs.read(freq + "scaling_available_governors"))
          .isEqualTo("performance powersave\n");
      assertThat(sysfs.read(freq + "scaling_governor")).isEqualTo("powersave\n");
      assertThat(sysfs.read(freq + "cpuinfo_min_freq")).isEqualTo("800000\n");
      assertThat(sysfs.read(freq + "cpuinfo_max_freq")).isEqualTo("3800000\n");
      assertThat(sysfs.read(freq + "base_frequency")).isEqualTo("2000000\n");
      assertThat(sysfs.read(freq + "scaling_min_freq")).isEqualTo("800000\n");
      assertThat(sysfs.read(freq + "scaling_max_freq")).isEqualTo("3800000\n");
      assertThat(sysfs.read(freq + "energy_performance_available_preferences"))
          .isEqualTo("default performance balance_performance balance_power power\n");
      assertThat(sysfs.read(freq + "energy_performance_preference"))
          .isEqualTo("balance_performance\n");
    }
    assertThat(sysfs.read("intel_pstate/status")).isEqualTo("active\n");
  }

  @Test
  void spr8480ShowsTheSapphireRapidsIdleStatesAndTwoUncoreDomains() throws IOException {
    // Given
    HardwareModel model = HardwareModel.spr8480();

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);

    // Then
    assertThat(sysfs.read("cpuidle/current_driver")).isEqualTo("intel_idle\n");
    String[] names = {"POLL", "C1", "C1E", "C6"};
    String[] latencies = {"0", "1", "2", "290"};
    String[] residencies = {"0", "1", "4", "800"};
    for (int k = 0; k < 4; k++) {
      String state = "cpu200/cpuidle/state" + k + "/";
      assertThat(strip(sysfs.read(state + "name"))).isEqualTo(names[k]);
      assertThat(strip(sysfs.read(state + "latency"))).isEqualTo(latencies[k]);
      assertThat(strip(sysfs.read(state + "residency"))).isEqualTo(residencies[k]);
      assertThat(strip(sysfs.read(state + "disable"))).isEqualTo("0");
    }
    assertThat(sysfs.exists("cpu0/cpuidle/state4/name")).isFalse();
    String[][] ranges = {
      {"package_00_die_00", "800000", "2500000"}, {"package_01_die_00", "1000000", "2400000"}
    };
    for (String[] r : ranges) {
      String uncore = "intel_uncore_frequency/" + r[0] + "/";
      assertThat(sysfs.read(uncore + "initial_min_freq_khz")).isEqualTo(r[1] + "\n");
      assertThat(sysfs.read(uncore + "initial_max_freq_khz")).isEqualTo(r[2] + "\n");
      assertThat(sysfs.read(uncore + "min_freq_khz")).isEqualTo(r[1] + "\n");
      assertThat(sysfs.read(uncore + "max_freq_khz")).isEqualTo(r[2] + "\n");
    }
    assertThat(sysfs.exists("intel_uncore_frequency/package_02_die_00/max_freq_khz")).isFalse();
  }

  @Test
  void spr8480EppUsesTheSapphireRapidsBalancePerformanceValue() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.spr8480());

    // When
    sysfs.write("cpu7/cpufreq/energy_performance_preference", "32");
    sysfs.write("cpu8/cpufreq/energy_performance_preference", "128");

    // Then
    assertThat(sysfs.cpu(7).epp()).isEqualTo("balance_performance");
    assertThat(sysfs.cpu(8).epp()).isEqualTo("128");
  }

  @Test
  void smallShowsEightSingleThreadedIntelPstateCpus() throws IOException {
    // Given
    HardwareModel model = HardwareModel.byName("small");

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);

    // Then
    assertThat(sysfs.read("online")).isEqualTo("0-7\n");
    assertThat(sysfs.read("cpu7/topology/thread_siblings_list")).isEqualTo("7\n");
    assertThat(sysfs.read("cpu7/topology/core_id")).isEqualTo("7\n");
    assertThat(sysfs.read("cpu7/topology/package_cpus_list")).isEqualTo("0-7\n");
    assertThat(sysfs.read("cpu7/cpufreq/scaling_driver")).isEqualTo("intel_pstate\n");
    assertThat(sysfs.read("cpu7/cpufreq/cpuinfo_min_freq")).isEqualTo("800000\n");
    assertThat(sysfs.read("cpu7/cpufreq/cpuinfo_max_freq")).isEqualTo("3500000\n");
    assertThat(sysfs.read("cpu7/cpufreq/base_frequency")).isEqualTo("2100000\n");
    assertThat(sysfs.read("cpu7/cpufreq/energy_performance_preference"))
        .isEqualTo("balance_performance\n");
    assertThat(sysfs.exists("cpu8/cpufreq/scaling_driver")).isFalse();
    assertThat(sysfs.read("intel_uncore_frequency/package_00_die_00/initial_max_freq_khz"))
        .isEqualTo("2400000\n");
  }

  @Test
  void acpiShowsAcpiCpufreqWithoutEppBaseFrequencyOrUncore() throws IOException {
    // Given
    HardwareModel model = HardwareModel.byName("acpi");

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);

    // Then
    assertThat(sysfs.read("online")).isEqualTo("0-15\n");
    assertThat(sysfs.read("cpu3/topology/thread_siblings_list")).isEqualTo("3,11\n");
    assertThat(sysfs.read("cpu3/cpufreq/scaling_driver")).isEqualTo("acpi-cpufreq\n");
    assertThat(sysfs.read("cpu3/cpufreq/scaling_available_governors"))
        .isEqualTo("conservative ondemand userspace powersave performance schedutil\n");
    assertThat(sysfs.read("cpu3/cpufreq/scaling_governor")).isEqualTo("schedutil\n");
    assertThat(sysfs.read("cpu3/cpufreq/cpuinfo_min_freq")).isEqualTo("1200000\n");
    assertThat(sysfs.read("cpu3/cpufreq/cpuinfo_max_freq")).isEqualTo("2400000\n");
    assertThat(sysfs.read("cpu3/cpufreq/scaling_available_frequencies"))
        .startsWith("2400000 2300000 ")
        .endsWith(" 1200000\n");
    assertThat(sysfs.exists("cpu3/cpufreq/base_frequency")).isFalse();
    assertThat(sysfs.exists("cpu3/cpufreq/energy_performance_preference")).isFalse();
    assertThat(sysfs.exists("intel_pstate/status")).isFalse();
    assertThat(sysfs.paths()).noneMatch(path -> path.startsWith("intel_uncore_frequency/"));
    assertThat(sysfs.read("cpuidle/current_driver")).isEqualTo("acpi_idle\n");
  }

  @Test
  void acpiCpufreqGenericGovernorsAreAllAccepted() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.acpi());

    // When
    for (String governor : HardwareModel.GENERIC_GOVERNORS) {
      sysfs.write("cpu0/cpufreq/scaling_governor", governor);
    }

    // Then
    assertThat(sysfs.cpu(0).governor()).isEqualTo("schedutil");
    assertThat(sysfs.writeLog()).allMatch(SysfsWrite::accepted);
  }

  @Test
  void hybridShowsDifferentRangesPerCoreType() throws IOException {
    // Given
    HardwareModel model = HardwareModel.byName("hybrid");

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);

    // Then
    assertThat(sysfs.read("cpu0/cpufreq/cpuinfo_max_freq")).isEqualTo("4700000\n");
    assertThat(sysfs.read("cpu7/cpufreq/base_frequency")).isEqualTo("2100000\n");
    assertThat(sysfs.read("cpu8/cpufreq/cpuinfo_max_freq")).isEqualTo("3400000\n");
    assertThat(sysfs.read("cpu15/cpufreq/base_frequency")).isEqualTo("1500000\n");
    assertThat(sysfs.read("cpu15/cpufreq/cpuinfo_min_freq")).isEqualTo("800000\n");
    assertThat(sysfs.read("cpu15/cpuidle/state5/name")).isEqualTo("C10\n");
  }

  @Test
  void hybridClampsEachCpuToItsOwnCoreTypeRange() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.hybrid());

    // When
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "4500000");
    sysfs.write("cpu8/cpufreq/scaling_max_freq", "4500000");

    // Then
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(4_500_000);
    assertThat(sysfs.cpu(8).scalingMaxKhz()).isEqualTo(3_400_000);
  }

  @Test
  void genericModelHasTheRequestedNumberOfCpus() throws IOException {
    // Given
    HardwareModel model = HardwareModel.byName("generic-12");

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);

    // Then
    assertThat(model.name()).isEqualTo("generic-12");
    assertThat(sysfs.read("online")).isEqualTo("0-11\n");
    assertThat(sysfs.read("cpu11/cpufreq/scaling_driver")).isEqualTo("intel_pstate\n");
  }

  @Test
  void builderMakesATwoSocketHyperThreadedNode() throws IOException {
    // Given
    HardwareModel model =
        HardwareModel.intelPstate("lab", 16).packages(2).threadsPerCore(2).build();

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(model);

    // Then
    assertThat(sysfs.read("cpu4/topology/physical_package_id")).isEqualTo("1\n");
    assertThat(sysfs.read("cpu4/topology/thread_siblings_list")).isEqualTo("4,12\n");
    assertThat(sysfs.read("cpu4/topology/package_cpus_list")).isEqualTo("4-7,12-15\n");
    assertThat(sysfs.exists("intel_uncore_frequency/package_01_die_00/max_freq_khz")).isTrue();
  }

  @Test
  void offlineCpusLeaveGapsInOnlineAndHaveOnlyTheirOnlineFile() throws IOException {
    // Given
    HardwareModel model = HardwareModel.acpi().withOffline(CpuSet.of(5));

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.create(root, model);

    // Then
    assertThat(sysfs.read("online")).isEqualTo("0-4,6-15\n");
    assertThat(sysfs.read("offline")).isEqualTo("5\n");
    assertThat(sysfs.read("possible")).isEqualTo("0-15\n");
    assertThat(sysfs.read("cpu5/online")).isEqualTo("0\n");
    assertThat(sysfs.read("cpu6/online")).isEqualTo("1\n");
    assertThat(sysfs.exists("cpu5/cpufreq/scaling_governor")).isFalse();
    assertThat(sysfs.exists("cpu5/topology/core_id")).isFalse();
    assertThat(Files.exists(root.resolve("cpu5/cpufreq"))).isFalse();
    assertThat(sysfs.read("cpu13/topology/thread_siblings_list")).isEqualTo("13\n");
    assertThat(sysfs.read("cpu0/topology/package_cpus_list")).isEqualTo("0-4,6-15\n");
    assertThatThrownBy(() -> sysfs.cpu(5)).hasMessageContaining("offline");
  }

  @Test
  void smallTreeOnDiskMatchesTheEmulatedContentsFileByFile() throws IOException {
    // Given
    HardwareModel model = HardwareModel.small();

    // When
    EmulatedSysfs sysfs = EmulatedSysfs.create(root, model);

    // Then
    assertThat(sysfs.root()).contains(root.toAbsolutePath());
    assertThat(sysfs.paths()).hasSizeGreaterThan(300);
    for (String path : sysfs.paths()) {
      assertThat(Files.readString(root.resolve(path))).as(path).isEqualTo(sysfs.read(path));
    }
    assertThat(Files.readSymbolicLink(root.resolve("cpu3/cpufreq")))
        .isEqualTo(Path.of("../cpufreq/policy3"));
  }

  @Test
  void unknownModelNameListsTheKnownOnes() {
    // When / Then
    assertThatThrownBy(() -> HardwareModel.byName("epyc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epyc")
        .hasMessageContaining("spr-8480, small, acpi, hybrid");
  }

  @Test
  void refusesCpusThatDoNotSplitOverPackagesAndThreads() {
    // When / Then
    assertThatThrownBy(() -> HardwareModel.intelPstate("odd", 6).packages(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("odd")
        .hasMessageContaining("6 CPUs");
  }

  @Test
  void refusesTakingEveryCpuOffline() {
    // When / Then
    assertThatThrownBy(() -> HardwareModel.small().withOffline(CpuSet.range(0, 7)))
        .hasMessageContaining("every CPU");
  }
}
