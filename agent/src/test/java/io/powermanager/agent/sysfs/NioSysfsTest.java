package io.powermanager.agent.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NioSysfsTest {

  @TempDir Path root;

  @Test
  void writesAnExistingFileReplacingItsContent() throws Exception {
    // Given
    Files.createDirectories(root.resolve("cpu0/cpufreq"));
    Files.writeString(root.resolve("cpu0/cpufreq/scaling_max_freq"), "3800000\n");
    NioSysfs sysfs = new NioSysfs(root);

    // When
    sysfs.write("cpu0/cpufreq/scaling_max_freq", "1500000");

    // Then
    assertThat(sysfs.read("cpu0/cpufreq/scaling_max_freq")).isEqualTo("1500000");
  }

  @Test
  void neverCreatesAFile() {
    // Given
    NioSysfs sysfs = new NioSysfs(root);

    // When / Then
    assertThatThrownBy(() -> sysfs.write("cpu9/cpufreq/scaling_governor", "powersave"))
        .isInstanceOfSatisfying(
            SysfsException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.ENOENT);
              assertThat(e.path()).isEqualTo("cpu9/cpufreq/scaling_governor");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "writing powersave to cpu9/cpufreq/scaling_governor failed: No such file or"
                          + " directory");
            });
    assertThat(Files.exists(root.resolve("cpu9"))).isFalse();
  }

  @Test
  void reportsAMissingFileOnRead() {
    // When / Then
    assertThatThrownBy(() -> new NioSysfs(root).read("online"))
        .isInstanceOfSatisfying(
            SysfsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    assertThat(new NioSysfs(root).exists("online")).isFalse();
  }

  @Test
  void refusesAPathLeavingTheRoot() {
    // When / Then
    assertThatThrownBy(() -> new NioSysfs(root).read("../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves the root");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'/sys/devices/system/cpu/cpu3/cpufreq/energy_performance_preference: Device or resource busy', EBUSY",
    "'Invalid argument', EINVAL",
    "'Input/output error', EIO",
    "'Something else', OTHER"
  })
  void classifiesTheKernelsAnswerByItsMessage(String message, Errno errno) {
    // When / Then
    assertThat(Errno.classify(new IOException(message))).isEqualTo(errno);
  }

  @Test
  void classifiesMissingFilesAndDeniedAccessByType() {
    // When / Then
    assertThat(Errno.classify(new NoSuchFileException("x"))).isEqualTo(Errno.ENOENT);
    assertThat(Errno.classify(new AccessDeniedException("x"))).isEqualTo(Errno.EACCES);
  }
}
