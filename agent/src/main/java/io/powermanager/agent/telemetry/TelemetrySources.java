package io.powermanager.agent.telemetry;

import io.powermanager.agent.sysfs.NioSysfs;
import io.powermanager.agent.sysfs.SysfsPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the agent's telemetry reads from besides the CPU sysfs tree.
 *
 * @param powercap the {@code /sys/class/powercap} tree; empty: no RAPL
 * @param procStat {@code /proc/stat}; empty: no busy time, so energy is split by CPU count
 * @param podMetricsLimit at most this many pods get per-pod series (0: per-pod metrics off)
 */
public record TelemetrySources(
    Optional<SysfsPort> powercap, Optional<ProcStatSource> procStat, int podMetricsLimit) {

  /** The default powercap root. */
  public static final String DEFAULT_POWERCAP_ROOT = "/sys/class/powercap";

  /** The default {@code /proc/stat}. */
  public static final String DEFAULT_PROC_STAT = "/proc/stat";

  /** Reads the text of {@code /proc/stat}. */
  @FunctionalInterface
  public interface ProcStatSource {
    String read() throws IOException;
  }

  public TelemetrySources {
    Objects.requireNonNull(powercap, "powercap");
    Objects.requireNonNull(procStat, "procStat");
    if (podMetricsLimit < 0) {
      throw new IllegalArgumentException("podMetricsLimit must be ≥ 0, got " + podMetricsLimit);
    }
  }

  /** Nothing beyond the CPU tree: no energy, no busy time, no per-pod series. */
  public static TelemetrySources none() {
    return new TelemetrySources(Optional.empty(), Optional.empty(), 0);
  }

  /** The host's files: the powercap tree and {@code /proc/stat} at these paths. */
  public static TelemetrySources host(Path powercapRoot, Path procStat, int podMetricsLimit) {
    return new TelemetrySources(
        Optional.of(new NioSysfs(powercapRoot)),
        Optional.of(() -> Files.readString(procStat, StandardCharsets.US_ASCII)),
        podMetricsLimit);
  }

  public TelemetrySources withPodMetricsLimit(int limit) {
    return new TelemetrySources(powercap, procStat, limit);
  }
}
