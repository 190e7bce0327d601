package io.powermanager.domain.power;

import java.util.Optional;

/**
 * How many CPUs of a node may run one profile at once: an absolute count or a percentage of the
 * node's allocatable CPUs. Parsed from a profile's {@code cpuCapacity} ({@code 12} or {@code
 * "40%"}).
 */
public sealed interface CpuCapacity {

  /** At most {@code cpus} CPUs (never more than the node has). */
  record Cpus(int cpus) implements CpuCapacity {
    public Cpus {
      if (cpus < 0) {
        throw new IllegalArgumentException("cpuCapacity must not be negative: " + cpus);
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

  /** Parses {@code "12"} or {@code "40%"}; empty when the text is neither. */
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
    return Optional.of(new Cpus(n));
  }
}
