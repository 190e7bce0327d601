package io.powermanager.testkit.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatedTelemetryTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void idleTimeGoesToTheDeepestEnabledStateWithOneEntryPerMillisecond() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    sysfs.write("cpu2/cpuidle/state3/disable", "1");
    sysfs.busy(2, 0.25);
    EmulatedTelemetry telemetry =
        new EmulatedTelemetry(
            sysfs, Optional.empty(), EmulatedProcStat.inMemory(sysfs.model()), clock);
    telemetry.advance();
    clock.advance(Duration.ofSeconds(2));

    // When
    telemetry.advance();

    // Then
    assertThat(sysfs.read("cpu2/cpuidle/state2/time")).isEqualTo("1500000\n");
    assertThat(sysfs.read("cpu2/cpuidle/state2/usage")).isEqualTo("1500\n");
    assertThat(sysfs.read("cpu2/cpuidle/state3/time")).isEqualTo("0\n");
    assertThat(sysfs.read("cpu3/cpuidle/state3/time")).isEqualTo("1000000\n");
    assertThat(telemetry.procStat().read()).contains("cpu2 40 0 10 150 0 0 0 0 0 0\n");
  }

  @Test
  void scalingCurFreqFollowsTheLoadInsideTheWindow() throws Exception {
    // Given
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());

    // When
    sysfs.busy(4, 1.0);
    sysfs.busy(5, 0.0);

    // Then
    assertThat(sysfs.cpu(4).scalingCurKhz()).isEqualTo(3_500_000);
    assertThat(sysfs.cpu(5).scalingCurKhz()).isEqualTo(800_000);
    assertThat(sysfs.cpu(6).scalingCurKhz()).isEqualTo(2_100_000);
  }

  @Test
  void packageEnergyFollowsTheModelAndWrapsAtTheRange() throws Exception {
    // Given a 1-CPU-package tree whose counter wraps at 10 J
    EmulatedSysfs sysfs = EmulatedSysfs.inMemory(HardwareModel.small());
    EmulatedPowercap rapl = EmulatedPowercap.inMemory(1, 10_000_000);
    EmulatedTelemetry telemetry =
        new EmulatedTelemetry(
            sysfs, Optional.of(rapl), EmulatedProcStat.inMemory(sysfs.model()), clock);
    telemetry.advance();
    // 8 CPUs at 0.5 busy, 2.1 GHz, idle in C6: 8 × (0.15 + 0.5·0.25·2.1² + 0.5·0.05) W
    double watts = 8 * (0.15 + 0.5 * 0.25 * 2.1 * 2.1 + 0.5 * 0.05);
    clock.advance(Duration.ofSeconds(1));

    // When
    telemetry.advance();

    // Then
    long oneSecond = Math.round(watts * 1e6);
    assertThat(rapl.energyUj(0)).isCloseTo(oneSecond, org.assertj.core.data.Offset.offset(1L));
    clock.advance(Duration.ofSeconds(1));
    telemetry.advance();
    assertThat(rapl.energyUj(0))
        .isCloseTo(2 * oneSecond - 10_000_000, org.assertj.core.data.Offset.offset(2L));
    assertThat(rapl.read("intel-rapl:0/name")).isEqualTo("package-0\n");
    assertThat(rapl.read("intel-rapl:0:0/name")).isEqualTo("core\n");
    assertThat(rapl.read("intel-rapl:0/max_energy_range_uj")).isEqualTo("10000000\n");
  }

  @Test
  void powercapIsReadOnlyAndStrict(@TempDir Path dir) throws Exception {
    // Given
    EmulatedPowercap rapl = EmulatedPowercap.create(dir.resolve("powercap"), 2, 1_000);

    // Then
    assertThatThrownBy(() -> rapl.write("intel-rapl:0/energy_uj", "0"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> rapl.read("intel-rapl:2/energy_uj"))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(dir.resolve("powercap/intel-rapl:1:0/name")).hasContent("core");
  }

  @Test
  void modelsWithoutIntelPstateHaveNoRapl() {
    assertThat(EmulatedPowercap.inMemory(HardwareModel.acpi())).isEmpty();
    assertThat(EmulatedPowercap.inMemory(HardwareModel.spr8480()).orElseThrow().packages())
        .isEqualTo(2);
  }
}
