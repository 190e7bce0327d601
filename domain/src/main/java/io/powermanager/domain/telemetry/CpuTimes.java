package io.powermanager.domain.telemetry;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-CPU busy and total time from the {@code cpuN} lines of {@code /proc/stat}, in USER_HZ ticks:
 * busy = user + nice + system + irq + softirq + steal; total = busy + idle + iowait (guest time is
 * already inside user). Immutable.
 */
public final class CpuTimes {

  /** One CPU's counts. */
  public record Ticks(long busy, long total) {}

  private final Map<Integer, Ticks> byCpu;

  private CpuTimes(Map<Integer, Ticks> byCpu) {
    this.byCpu = Collections.unmodifiableMap(byCpu);
  }

  /** No CPU known: what a node without {@code /proc/stat} has. */
  public static CpuTimes none() {
    return new CpuTimes(new TreeMap<>());
  }

  /**
   * Parses the text of {@code /proc/stat}; lines other than {@code cpuN ...} (the aggregate {@code
   * cpu} line, {@code intr}, ...) and malformed ones are ignored.
   */
  public static CpuTimes parse(String procStat) {
    Map<Integer, Ticks> cpus = new TreeMap<>();
    int start = 0;
    int length = procStat.length();
    while (start < length) {
      int end = procStat.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      if (end - start > 4
          && procStat.startsWith("cpu", start)
          && Character.isDigit(procStat.charAt(start + 3))) {
        parseLine(procStat.substring(start, end), cpus);
      }
      start = end + 1;
    }
    return new CpuTimes(cpus);
  }

  private static void parseLine(String line, Map<Integer, Ticks> cpus) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 5) {
      return;
    }
    try {
      int cpu = Integer.parseInt(f[0].substring(3));
      long[] v = new long[8];
      for (int i = 0; i < 8 && i + 1 < f.length; i++) {
        v[i] = Long.parseLong(f[i + 1]);
      }
      long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
      cpus.put(cpu, new Ticks(busy, busy + v[3] + v[4]));
    } catch (NumberFormatException e) {
      // not a cpu line after all
    }
  }

  public Map<Integer, Ticks> byCpu() {
    return byCpu;
  }

  /** Busy ticks of {@code cpu} since {@code earlier}; 0 when either does not know the CPU. */
  public long busySince(CpuTimes earlier, int cpu) {
    Ticks now = byCpu.get(cpu);
    Ticks before = earlier.byCpu.get(cpu);
    if (now == null || before == null) {
      return 0;
    }
    return Math.max(0, now.busy() - before.busy());
  }
}
