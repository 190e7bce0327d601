package io.powermanager.testkit.sysfs;

import io.powermanager.domain.CpuSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * An emulated {@code /proc/stat}: the aggregate {@code cpu} line and one {@code cpuN} line per
 * online CPU with the kernel's ten columns in USER_HZ ticks (100 per second): user, nice, system,
 * idle, iowait, irq, softirq, steal, guest, guest_nice. Busy time goes 80 % to user and 20 % to
 * system; the rest of each CPU's time is idle. Counts only grow, through {@link #advance}; {@link
 * EmulatedTelemetry} drives it with a clock. When made with a file, every advance rewrites the file
 * atomically. Thread-safe.
 */
public final class EmulatedProcStat {

  /** USER_HZ: ticks per second in {@code /proc/stat}. */
  public static final int USER_HZ = 100;

  private final Object lock = new Object();
  private final Path file;
  private final CpuSet online;
  private final double[] user;
  private final double[] system;
  private final double[] idle;

  private EmulatedProcStat(Path file, HardwareModel model) {
    this.file = file;
    this.online = model.online();
    int n = model.cpus().size();
    this.user = new double[n];
    this.system = new double[n];
    this.idle = new double[n];
  }

  /** A {@code /proc/stat} of the model's online CPUs kept in memory, all counts 0. */
  public static EmulatedProcStat inMemory(HardwareModel model) {
    return new EmulatedProcStat(null, model);
  }

  /** {@link #inMemory} also written to {@code file} (created or replaced). */
  public static EmulatedProcStat create(Path file, HardwareModel model) throws IOException {
    EmulatedProcStat stat = new EmulatedProcStat(file.toAbsolutePath().normalize(), model);
    Files.createDirectories(stat.file.getParent());
    stat.writeFile();
    return stat;
  }

  /** The file standing for {@code /proc/stat}; empty when kept in memory. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * Adds {@code seconds} of wall time to an online CPU, {@code busy} (0–1) of it busy.
   *
   * @throws IllegalArgumentException for an offline CPU, negative time or a busy fraction out of
   *     range
   */
  public void advance(int cpu, double seconds, double busy) {
    if (!online.contains(cpu)) {
      throw new IllegalArgumentException("cpu " + cpu + " is not online");
    }
    if (!(seconds >= 0) || !(busy >= 0 && busy <= 1)) {
      throw new IllegalArgumentException(
          "time " + seconds + " s must be ≥ 0 and busy " + busy + " in 0-1");
    }
    synchronized (lock) {
      double ticks = seconds * USER_HZ;
      user[cpu] += ticks * busy * 0.8;
      system[cpu] += ticks * busy * 0.2;
      idle[cpu] += ticks * (1 - busy);
    }
  }

  /** Rewrites the file (when there is one) with the current counts. */
  public void flush() throws IOException {
    if (file != null) {
      writeFile();
    }
  }

  /** The content, as reading {@code /proc/stat} gives it (CPU lines only). */
  public String read() {
    synchronized (lock) {
      StringBuilder out = new StringBuilder(64 * (online.size() + 1));
      long u = 0;
      long s = 0;
      long i = 0;
      for (int cpu : online) {
        u += (long) user[cpu];
        s += (long) system[cpu];
        i += (long) idle[cpu];
      }
      line(out, "cpu ", u, s, i);
      for (int cpu : online) {
        line(out, "cpu" + cpu, (long) user[cpu], (long) system[cpu], (long) idle[cpu]);
      }
      return out.toString();
    }
  }

  private static void line(StringBuilder out, String name, long user, long system, long idle) {
    out.append(name)
        .append(' ')
        .append(user)
        .append(" 0 ")
        .append(system)
        .append(' ')
        .append(idle)
        .append(" 0 0 0 0 0 0\n");
  }

  private void writeFile() throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, read());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
