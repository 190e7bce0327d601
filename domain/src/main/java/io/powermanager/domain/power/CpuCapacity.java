package io.powermanager.domain.power;

import java.util.Optional;

/**
 * How many CPUs of a node may run one profile at once: an absolute count or a percentage of the
 * node's allocatable CPUs. Parsed from a profile's {@code cpuCapacity} ({@code 12} or {@code
 * "40%"}). Zero is refused in both forms ({@code 0} and {@code "0%"} alike): a profile no CPU may
 * run would leave every pod asking for it pending for good.
 */
public sealed interface CpuCapacity {

  /** At most {@code cpus} CPUs (never more than the node has); at least 1. */
  record Cpus(int cpus) implements CpuCapacity {
    public Cpus {
      if (cpus < 1) {
        throw new IllegalArgumentException("cpuCapacity must be at least 1: " + cpus);
      }
    }

    @Override
    public String toString() {
      return Integer.toString(cpus);
    }
  }

  /** {@code percent} % of the allocatable CPUs, rounded down. */
  record Percent(int percent) implements CpuCapacity {
    public Percent {
      if (percent < 1 || percent > 100) {
        throw new IllegalArgumentException("cpuCapacity percent must be 1-100: " + percent);
      }
    }

    @Override
    public String toString() {
      return percent + "%";
    }
  }

  /** The capacity of a node with {@code allocatableCpus} CPUs. */
  default int of(int allocatableCpus) {
    if (this instanceof Cpus c) {
      return Math.min(c.cpus(), allocatableCpus);
    }
    return (int) ((long) allocatableCpus * ((Percent) this).percent() / 100);
  }

  /**
   * Parses {@code "12"} (at least 1) or {@code "40%"} (1-100%); empty when the text is neither,
   * zero included.
   */
  static Optional<CpuCapacity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    boolean percent = t.endsWith("%");
    String digits = percent ? t.substring(0, t.length() - 1) : t;
    if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int n = Integer.parseInt(digits);
    if (percent) {
      return n >= 1 && n <= 100 ? Optional.of(new Percent(n)) : Optional.empty();
    }
    return n >= 1 ? Optional.of(new Cpus(n)) : Optional.empty();
  }

  /** Whether {@code text} is a zero count or percentage ({@code "0"}, {@code "00%"}). */
  static boolean isZero(String text) {
    String digits = text == null ? "" : text.strip().replaceFirst("%$", "");
    return !digits.isEmpty() && digits.chars().allMatch(c -> c == '0');
  }
}
