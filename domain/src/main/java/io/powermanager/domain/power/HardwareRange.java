package io.powermanager.domain.power;

import java.util.Objects;
import java.util.Optional;

/**
 * The frequency range of a CPU (or of every CPU of a node, see {@link #commonTo}) as its cpufreq
 * driver reports it: {@code cpuinfo_min_freq}, {@code cpuinfo_max_freq} and, with intel_pstate and
 * HWP, {@code base_frequency}.
 */
public record HardwareRange(Frequency min, Frequency max, Optional<Frequency> base) {

  public HardwareRange {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(base, "base");
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("hardware min " + min + " above max " + max);
    }
  }

  public static HardwareRange ofKhz(long minKhz, long maxKhz) {
    return new HardwareRange(Frequency.ofKhz(minKhz), Frequency.ofKhz(maxKhz), Optional.empty());
  }

  public boolean contains(Frequency f) {
    return f.compareTo(min) >= 0 && f.compareTo(max) <= 0;
  }

  /**
   * The range every one of {@code ranges} supports (hybrid parts differ per core type): the highest
   * minimum and the lowest maximum; the lowest base frequency when every range has one. Empty when
   * the ranges do not overlap.
   */
  public static Optional<HardwareRange> commonTo(Iterable<HardwareRange> ranges) {
    Frequency lo = null;
    Frequency hi = null;
    Frequency base = null;
    boolean allHaveBase = true;
    for (HardwareRange r : ranges) {
      lo = lo == null ? r.min : Frequency.max(lo, r.min);
      hi = hi == null ? r.max : Frequency.min(hi, r.max);
      if (r.base.isEmpty()) {
        allHaveBase = false;
      } else {
        base = base == null ? r.base.get() : Frequency.min(base, r.base.get());
      }
    }
    if (lo == null || lo.compareTo(hi) > 0) {
      return Optional.empty();
    }
    return Optional.of(
        new HardwareRange(lo, hi, allHaveBase ? Optional.ofNullable(base) : Optional.empty()));
  }
}
