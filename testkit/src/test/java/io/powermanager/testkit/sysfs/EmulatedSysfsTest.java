package io.powermanager.testkit.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatedSysfsTest {

  @TempDir Path root;

  /** Most rules need no files: the in-memory tree runs the same code without the disk cost. */
  private static EmulatedSysfs small() {
    return EmulatedSysfs.inMemory(HardwareModel.small());
  }

  // ---------------------------------------------------------------- files

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cpu0/cpufreq/cpuinfo_min_freq",
        "cpu0/cpufreq/cpuinfo_max_freq",
        "cpu0/cpufreq/base_frequency",
        "cpu0/cpufreq/scaling_driver",
        "cpu0/cpufreq/scaling_available_governors",
        "cpu0/cpufreq/scaling_cur_freq",
        "cpu0/cpufreq/energy_performance_available_preferences",
        "online",
        "cpu1/online",
        "cpu0/topology/core_id",
        "cpu0/topology/thread_siblings_list",
        "cpu0/cpuidle/state3/name",
        "cpu0/cpuidle/state3/latency",
        "cpu0/cpuidle/state3/residency",
        "intel_uncore_frequency/package_00_die_00/initial_max_freq_khz",
        "intel_uncore_frequency/package_00_die_00/current_freq_khz"
      })
  void rejectsWritesToReadOnlyFilesWithPermissionDenied(String path) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    String before = sysfs.read(path);

    // When / Then
    assertThatThrownBy(() -> sysfs.write(path, "1"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining(path)
        .hasMessageEndingWith(EmulatedSysfs.EACCES);
    assertThat(sysfs.read(path)).isEqualTo(before);
  }

  @Test
  void reportsMissingFilesAsNoSuchFileForReadsAndWrites() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.create(root, HardwareModel.small());

    // When / Then
    assertThatThrownBy(() -> sysfs.read("cpu8/cpufreq/scaling_max_freq"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> sysfs.write("cpu0/cpufreq/scaling_setspeed", "1"))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(Files.exists(root.resolve("cpu0/cpufreq/scaling_setspeed"))).isFalse();
  }

  @Test
  void mirrorsEveryAcceptedWriteToTheRealFileThroughThePolicySymlink() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.create(root, HardwareModel.small());

    // When
    sysfs.write("cpu3/cpufreq/scaling_max_freq", "2000000\n");

    // Then
    assertThat(Files.isSymbolicLink(root.resolve("cpu3/cpufreq"))).isTrue();
    assertThat(Files.readString(root.resolve("cpufreq/policy3/scaling_max_freq")))
        .isEqualTo("2000000\n");
    assertThat(sysfs.read("cpufreq/policy3/scaling_max_freq")).isEqualTo("2000000\n");
  }

  @Test
  void refusesARootThatAlreadyHoldsFiles() throws IOException {
    // Given
    Files.writeString(root.resolve("stray"), "x");

    // When / Then
    assertThatThrownBy(() -> EmulatedSysfs.create(root, HardwareModel.small()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/cpu0/online", "../etc/passwd", "cpu0/../../x", "", "."})
  void refusesPathsOutsideTheRoot(String path) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When / Then
    assertThatThrownBy(() -> sysfs.write(path, "1")).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- governor

  @Test
  void acceptsAGovernorFromTheAvailableList() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("cpu2/cpufreq/scaling_governor", "performance\n");

    // Then
    assertThat(sysfs.cpu(2).governor()).isEqualTo("performance");
    assertThat(sysfs.cpu(1).governor()).isEqualTo("powersave");
  }

  @ParameterizedTest
  @ValueSource(strings = {"schedutil", "ondemand", "", "performance powersave"})
  void rejectsAGovernorOutsideTheAvailableListWithEinval(String governor) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu2/cpufreq/scaling_governor", governor))
        .isInstanceOf(IOException.class)
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThat(sysfs.cpu(2).governor()).isEqualTo("powersave");
  }

  // ---------------------------------------------------------------- EPP

  @ParameterizedTest
  @ValueSource(strings = {"performance", "balance_performance", "balance_power", "power"})
  void acceptsEveryAvailableEppUnderPowersave(String epp) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("cpu1/cpufreq/energy_performance_preference", epp + "\n");

    // Then
    assertThat(sysfs.cpu(1).epp()).isEqualTo(epp);
  }

  @Test
  void showsARawEppNumberUnlessItMatchesAPreference() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("cpu1/cpufreq/energy_performance_preference", "100");
    sysfs.write("cpu2/cpufreq/energy_performance_preference", "192");

    // Then
    assertThat(sysfs.cpu(1).epp()).isEqualTo("100");
    assertThat(sysfs.cpu(2).epp()).isEqualTo("balance_power");
  }

  @Test
  void writingDefaultEppRestoresTheFirmwareValue() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.write("cpu1/cpufreq/energy_performance_preference", "power");

    // When
    sysfs.write("cpu1/cpufreq/energy_performance_preference", "default");

    // Then
    assertThat(sysfs.cpu(1).epp()).isEqualTo("balance_performance");
  }

  @ParameterizedTest
  @ValueSource(strings = {"turbo", "256", "-1", "Performance", "", "0x80"})
  void rejectsAnUnknownEppWithEinval(String epp) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu1/cpufreq/energy_performance_preference", epp))
        .isInstanceOf(IOException.class)
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThat(sysfs.cpu(1).epp()).isEqualTo("balance_performance");
  }

  @Test
  void refusesEppOtherThanPerformanceUnderThePerformanceGovernorWithEbusy() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.write("cpu4/cpufreq/scaling_governor", "performance");

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu4/cpufreq/energy_performance_preference", "power"))
        .isInstanceOf(IOException.class)
        .hasMessage(EmulatedSysfs.EBUSY);
    assertThatThrownBy(() -> sysfs.write("cpu4/cpufreq/energy_performance_preference", "128"))
        .hasMessage(EmulatedSysfs.EBUSY);
    assertThatCode(() -> sysfs.write("cpu4/cpufreq/energy_performance_preference", "performance"))
        .doesNotThrowAnyException();
    assertThat(sysfs.cpu(4).epp()).isEqualTo("performance");
  }

  @Test
  void switchingToPerformanceForcesEppAndSwitchingBackRestoresTheSavedOne() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.write("cpu4/cpufreq/energy_performance_preference", "balance_power");

    // When
    sysfs.write("cpu4/cpufreq/scaling_governor", "performance");
    String underPerformance = sysfs.cpu(4).epp();
    sysfs.write("cpu4/cpufreq/scaling_governor", "powersave");

    // Then
    assertThat(underPerformance).isEqualTo("performance");
    assertThat(sysfs.cpu(4).epp()).isEqualTo("balance_power");
  }

  @Test
  void acpiCpufreqHasNoEppFiles() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.acpi());

    // When / Then
    assertThat(sysfs.exists("cpu0/cpufreq/energy_performance_preference")).isFalse();
    assertThat(sysfs.exists("cpu0/cpufreq/energy_performance_available_preferences")).isFalse();
    assertThatThrownBy(() -> sysfs.write("cpu0/cpufreq/energy_performance_preference", "power"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> sysfs.cpu(0).epp()).isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------- min / max, new kernels

  @Test
  void clampsAMinAboveMaxDownToMax() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "2000000");

    // When
    sysfs.write("cpu0/cpufreq/scaling_min_freq", "3000000");

    // Then
    assertThat(sysfs.cpu(0).scalingMinKhz()).isEqualTo(2_000_000);
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(2_000_000);
  }

  @Test
  void loweringMaxBelowMinDragsMinAlongAndRaisingItAgainRestoresMin() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.write("cpu0/cpufreq/scaling_min_freq", "3000000");

    // When
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "1500000");
    long minWhileLow = sysfs.cpu(0).scalingMinKhz();
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "3500000");

    // Then
    assertThat(minWhileLow).isEqualTo(1_500_000);
    assertThat(sysfs.cpu(0).scalingMinKhz()).isEqualTo(3_000_000);
  }

  @Test
  void clampsLimitsIntoTheCpuinfoRange() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "9000000");
    sysfs.write("cpu0/cpufreq/scaling_min_freq", "100000");
    sysfs.write("cpu1/cpufreq/scaling_max_freq", "100000");

    // Then
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(3_500_000);
    assertThat(sysfs.cpu(0).scalingMinKhz()).isEqualTo(800_000);
    assertThat(sysfs.cpu(1).scalingMaxKhz()).isEqualTo(800_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "1.5", "2GHz", "", " 2000000", "99999999999"})
  void rejectsANonNumericLimitWithEinval(String value) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu0/cpufreq/scaling_max_freq", value))
        .isInstanceOf(IOException.class)
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThatThrownBy(() -> sysfs.write("cpu0/cpufreq/scaling_min_freq", value))
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(3_500_000);
  }

  @Test
  void roundsIntelPstateLimitsDownToTheHundredMegahertzRatio() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "2050000");
    sysfs.write("cpu0/cpufreq/scaling_min_freq", "1234567");

    // Then
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(2_000_000);
    assertThat(sysfs.cpu(0).scalingMinKhz()).isEqualTo(1_200_000);
  }

  @Test
  void keepsAcpiCpufreqLimitsAsWritten() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.acpi());

    // When
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "2050000");

    // Then
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(2_050_000);
  }

  // ---------------------------------------------------------------- min / max, old kernels

  @Test
  void legacyKernelRefusesAMinAboveTheCurrentMaxWithEinval() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small(), KernelSemantics.LEGACY);
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "2000000");

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu0/cpufreq/scaling_min_freq", "3000000"))
        .isInstanceOf(IOException.class)
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThat(sysfs.cpu(0).scalingMinKhz()).isEqualTo(800_000);
  }

  @Test
  void legacyKernelRefusesAMaxBelowTheCurrentMinWithEinval() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small(), KernelSemantics.LEGACY);
    sysfs.write("cpu0/cpufreq/scaling_min_freq", "3000000");

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu0/cpufreq/scaling_max_freq", "2000000"))
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(3_500_000);
  }

  @Test
  void legacyKernelAcceptsLimitsWrittenInTheSafeOrder() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small(), KernelSemantics.LEGACY);
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "1500000");

    // When
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "3000000");
    sysfs.write("cpu0/cpufreq/scaling_min_freq", "2500000");

    // Then
    assertThat(sysfs.cpu(0).scalingMinKhz()).isEqualTo(2_500_000);
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(3_000_000);
  }

  // ---------------------------------------------------------------- scaling_cur_freq

  @Test
  void curFreqIsMaxUnderPerformanceAndTheMidpointUnderPowersave() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.write("cpu0/cpufreq/scaling_min_freq", "1000000");
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "2500000");

    // When
    long powersave = sysfs.cpu(0).scalingCurKhz();
    sysfs.write("cpu0/cpufreq/scaling_governor", "performance");

    // Then
    assertThat(powersave).isEqualTo(1_700_000);
    assertThat(sysfs.cpu(0).scalingCurKhz()).isEqualTo(2_500_000);
  }

  // ---------------------------------------------------------------- cpuidle

  @ParameterizedTest
  @ValueSource(strings = {"1", "1\n", "y", "on"})
  void disablesAnIdleStateForOneCpu(String value) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("cpu1/cpuidle/state3/disable", value);

    // Then
    assertThat(sysfs.cpu(1).idleStateDisabled("C6")).isTrue();
    assertThat(sysfs.cpu(2).idleStateDisabled("C6")).isFalse();
    assertThat(sysfs.read("cpu1/cpuidle/state3/disable")).isEqualTo("1\n");
  }

  @Test
  void reEnablesAnIdleState() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.write("cpu1/cpuidle/state2/disable", "1");

    // When
    sysfs.write("cpu1/cpuidle/state2/disable", "0");

    // Then
    assertThat(sysfs.cpu(1).idleStateDisabled("C1E")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "", "x", "o"})
  void rejectsAnIdleDisableValueThatIsNoBooleanWithEinval(String value) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu1/cpuidle/state3/disable", value))
        .hasMessage(EmulatedSysfs.EINVAL);
  }

  @Test
  void acceptsOnlyKnownCpuidleGovernors() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("cpuidle/current_governor", "teo");

    // Then
    assertThat(sysfs.read("cpuidle/current_governor")).isEqualTo("teo\n");
    assertThatThrownBy(() -> sysfs.write("cpuidle/current_governor", "nope"))
        .hasMessage(EmulatedSysfs.EINVAL);
  }

  // ---------------------------------------------------------------- uncore

  @Test
  void truncatesUncoreLimitsToHundredMegahertz() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    String dir = "intel_uncore_frequency/package_00_die_00/";

    // When
    sysfs.write(dir + "max_freq_khz", "2050000");
    sysfs.write(dir + "min_freq_khz", "1299999");

    // Then
    assertThat(sysfs.uncore(0, 0).maxKhz()).isEqualTo(2_000_000);
    assertThat(sysfs.uncore(0, 0).minKhz()).isEqualTo(1_200_000);
    assertThat(sysfs.uncore(0, 0).currentKhz()).isEqualTo(2_000_000);
    assertThat(sysfs.read(dir + "initial_max_freq_khz")).isEqualTo("2400000\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "99999", "12800000", "abc", "-100000"})
  void rejectsAnUncoreRatioOfZeroOrAbove127WithEinval(String value) throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When / Then
    assertThatThrownBy(
            () -> sysfs.write("intel_uncore_frequency/package_00_die_00/max_freq_khz", value))
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThat(sysfs.uncore(0, 0).maxKhz()).isEqualTo(2_400_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"700000", "2500000", "12799999"})
  void rejectsAnUncoreValueOutsideTheDomainsInitialRangeWithEinval(String value)
      throws IOException {
    // Given: small's domain is 800000-2400000
    EmulatedSysfs sysfs = small();

    // When / Then
    assertThatThrownBy(
            () -> sysfs.write("intel_uncore_frequency/package_00_die_00/min_freq_khz", value))
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThat(sysfs.uncore(0, 0).minKhz()).isEqualTo(800_000);
  }

  @Test
  void acceptsAValueThatTruncatesIntoTheRange() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("intel_uncore_frequency/package_00_die_00/max_freq_khz", "2499999");

    // Then
    assertThat(sysfs.uncore(0, 0).maxKhz()).isEqualTo(2_400_000);
  }

  @Test
  void strictUncoreOrderRefusesAWriteLeavingMinAboveMax() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    String dir = "intel_uncore_frequency/package_00_die_00/";
    sysfs.write(dir + "max_freq_khz", "1200000");
    sysfs.strictUncoreOrder(true);

    // When / Then
    assertThatThrownBy(() -> sysfs.write(dir + "min_freq_khz", "1500000"))
        .hasMessage(EmulatedSysfs.EINVAL);
    sysfs.write(dir + "max_freq_khz", "2000000");
    sysfs.write(dir + "min_freq_khz", "1500000");
    assertThatThrownBy(() -> sysfs.write(dir + "max_freq_khz", "1400000"))
        .hasMessage(EmulatedSysfs.EINVAL);
    assertThat(sysfs.uncore(0, 0).minKhz()).isEqualTo(1_500_000);
    assertThat(sysfs.uncore(0, 0).maxKhz()).isEqualTo(2_000_000);
  }

  @Test
  void laysOutTpmiDomainsWithTheirIdsAndListsDirectories() throws IOException {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.tpmi());

    // Then
    assertThat(sysfs.list("intel_uncore_frequency"))
        .containsExactly("uncore00", "uncore01", "uncore02", "uncore03");
    assertThat(sysfs.read("intel_uncore_frequency/uncore03/package_id")).isEqualTo("1\n");
    assertThat(sysfs.read("intel_uncore_frequency/uncore03/domain_id")).isEqualTo("1\n");
    assertThat(sysfs.read("intel_uncore_frequency/uncore03/fabric_cluster_id")).isEqualTo("0\n");
    assertThat(sysfs.uncore(1, 1).maxKhz()).isEqualTo(2_500_000);
    assertThatThrownBy(
            () -> EmulatedSysfs.inMemory(HardwareModel.acpi()).list("intel_uncore_frequency"))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  // ---------------------------------------------------------------- hooks

  @Test
  void countsEveryWriteInTotalAndPerFileWhetherAcceptedOrNot() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();

    // When
    sysfs.write("cpu0/cpufreq/scaling_governor", "performance");
    sysfs.write("cpufreq/policy0/scaling_governor", "powersave");
    assertThatThrownBy(() -> sysfs.write("cpu0/cpufreq/scaling_governor", "bogus"))
        .isInstanceOf(IOException.class);
    sysfs.write("cpu1/cpufreq/scaling_max_freq", "2000000");

    // Then
    assertThat(sysfs.writeCount()).isEqualTo(4);
    assertThat(sysfs.writeCount("cpu0/cpufreq/scaling_governor")).isEqualTo(3);
    assertThat(sysfs.writeCount("cpufreq/policy1/scaling_max_freq")).isEqualTo(1);
    assertThat(sysfs.writeCount("cpu2/cpufreq/scaling_max_freq")).isZero();
    assertThat(sysfs.writeLog())
        .extracting(SysfsWrite::path, SysfsWrite::value, SysfsWrite::error)
        .containsExactly(
            tuple("cpu0/cpufreq/scaling_governor", "performance", null),
            tuple("cpu0/cpufreq/scaling_governor", "powersave", null),
            tuple("cpu0/cpufreq/scaling_governor", "bogus", EmulatedSysfs.EINVAL),
            tuple("cpu1/cpufreq/scaling_max_freq", "2000000", null));
  }

  @Test
  void resettingCountsKeepsTheTreeState() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.write("cpu1/cpufreq/scaling_max_freq", "2000000");

    // When
    sysfs.resetWriteCounts();

    // Then
    assertThat(sysfs.writeCount()).isZero();
    assertThat(sysfs.writeLog()).isEmpty();
    assertThat(sysfs.cpu(1).scalingMaxKhz()).isEqualTo(2_000_000);
  }

  @Test
  void failsOnlyTheNthWriteWithEioAndLeavesItUnapplied() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.interceptor(WriteInterceptor.failNthWrite(2));
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "3000000");

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu1/cpufreq/scaling_max_freq", "3000000"))
        .hasMessage(EmulatedSysfs.EIO);
    sysfs.write("cpu2/cpufreq/scaling_max_freq", "3000000");
    assertThat(sysfs.cpu(0).scalingMaxKhz()).isEqualTo(3_000_000);
    assertThat(sysfs.cpu(1).scalingMaxKhz()).isEqualTo(3_500_000);
    assertThat(sysfs.cpu(2).scalingMaxKhz()).isEqualTo(3_000_000);
  }

  @Test
  void crashAtWriteStopsEveryWriteFromTheNthOn() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.interceptor(WriteInterceptor.crashAtWrite(2));
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "3000000");

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu1/cpufreq/scaling_max_freq", "3000000"))
        .isInstanceOf(EmulatedCrashException.class);
    assertThatThrownBy(() -> sysfs.write("cpu2/cpufreq/scaling_max_freq", "3000000"))
        .isInstanceOf(EmulatedCrashException.class);
    sysfs.clearInterceptor();
    sysfs.write("cpu3/cpufreq/scaling_max_freq", "3000000");
    assertThat(sysfs.cpu(1).scalingMaxKhz()).isEqualTo(3_500_000);
    assertThat(sysfs.cpu(3).scalingMaxKhz()).isEqualTo(3_000_000);
    assertThat(sysfs.writeCount()).isEqualTo(4);
  }

  @Test
  void failPathFailsEveryWriteToThatFileOnly() throws IOException {
    // Given
    EmulatedSysfs sysfs = small();
    sysfs.interceptor(
        WriteInterceptor.failPath("cpufreq/policy5/scaling_min_freq", EmulatedSysfs.EIO));

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu5/cpufreq/scaling_min_freq", "1000000"))
        .hasMessage(EmulatedSysfs.EIO);
    sysfs.write("cpu5/cpufreq/scaling_max_freq", "3000000");
    assertThat(sysfs.cpu(5).scalingMinKhz()).isEqualTo(800_000);
    assertThat(sysfs.cpu(5).scalingMaxKhz()).isEqualTo(3_000_000);
  }

  @Test
  void keepsCountsAndStateConsistentUnderConcurrentWriters() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.create(root, HardwareModel.small());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();

    // When
    for (int cpu = 0; cpu < 8; cpu++) {
      int n = cpu;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 50; i++) {
                  sysfs.write("cpu" + n + "/cpufreq/scaling_max_freq", (2_000_000 + i) + "");
                  sysfs.write("cpu" + n + "/cpufreq/scaling_min_freq", "900000");
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    // Then
    assertThat(sysfs.writeCount()).isEqualTo(8 * 100);
    for (int cpu = 0; cpu < 8; cpu++) {
      assertThat(sysfs.cpu(cpu).scalingMaxKhz()).isEqualTo(2_000_000);
      assertThat(sysfs.writeCount("cpu" + cpu + "/cpufreq/scaling_min_freq")).isEqualTo(50);
      assertThat(Files.readString(root.resolve("cpu" + cpu + "/cpufreq/scaling_min_freq")))
          .isEqualTo("900000\n");
    }
  }
}
