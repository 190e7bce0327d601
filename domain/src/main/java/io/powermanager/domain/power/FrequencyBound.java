package io.powermanager.domain.power;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One end of a profile's frequency window as the user wrote it: an absolute frequency in MHz, a
 * percentage of each CPU's own {@code cpuinfo_min..cpuinfo_max}, or a symbol ({@code base}, {@code
 * min}, {@code max}) naming one of that CPU's hardware values. Everything but {@link Mhz} means
 * something different per CPU and is resolved per CPU ({@link #resolve}), so one profile means the
 * same on P- and E-cores.
 */
public sealed interface FrequencyBound
    permits FrequencyBound.Mhz, FrequencyBound.Percent, FrequencyBound.Symbol {

  /**
   * The text forms {@link #parse} accepts, as the CRD pattern: MHz digits, {@code 0%}-{@code 100%},
   * {@code base}, {@code min}, {@code max}.
   */
  String PATTERN = "^([0-9]+|([0-9]|[1-9][0-9]|100)%|base|min|max)$";

  /** What a user may write, for messages. */
  String FORMS =
      "an integer MHz such as 2400, a percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"";

  Pattern PERCENT = Pattern.compile("^([0-9]|[1-9][0-9]|100)%$");

  /** A fixed frequency. */
  record Mhz(Frequency frequency) implements FrequencyBound {
    public Mhz {
      Objects.requireNonNull(frequency, "frequency");
    }

    @Override
    public String text() {
      return Long.toString(frequency.mhz());
    }
  }

  /** {@code cpuinfo_min + (cpuinfo_max − cpuinfo_min) × percent / 100} of each CPU. */
  record Percent(int percent) implements FrequencyBound {
    public Percent {
      if (percent < 0 || percent > 100) {
        throw new IllegalArgumentException("percent " + percent + " outside 0-100");
      }
    }

    @Override
    public String text() {
      return percent + "%";
    }
  }

  /** A hardware value of each CPU. */
  enum Symbol implements FrequencyBound {
    /** {@code base_frequency}; CPUs without one (acpi-cpufreq) cannot resolve it. */
    BASE,
    /** {@code cpuinfo_min_freq}. */
    MIN,
    /** {@code cpuinfo_max_freq}. */
    MAX;

    @Override
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The bound as the user writes it: {@code 2400}, {@code 50%}, {@code base}. */
  String text();

  /** The frequency when this bound is the same on every CPU (MHz); empty for per-CPU forms. */
  default Optional<Frequency> absolute() {
    return this instanceof Mhz m ? Optional.of(m.frequency()) : Optional.empty();
  }

  static FrequencyBound mhz(long mhz) {
    return new Mhz(Frequency.ofMhz(mhz));
  }

  /**
   * Parses what a user wrote; empty when it is none of {@link #FORMS}. Digits are MHz and are not
   * range-checked here ({@code PowerProfile.of} does that).
   */
  static Optional<FrequencyBound> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    switch (t) {
      case "base":
        return Optional.of(Symbol.BASE);
      case "min":
        return Optional.of(Symbol.MIN);
      case "max":
        return Optional.of(Symbol.MAX);
      default:
        break;
    }
    if (PERCENT.matcher(t).matches()) {
      return Optional.of(new Percent(Integer.parseInt(t.substring(0, t.length() - 1))));
    }
    if (t.matches("[0-9]{1,12}")) {
      return Optional.of(mhz(Long.parseLong(t)));
    }
    return Optional.empty();
  }

  /**
   * This bound on a CPU with hardware {@code range}, before any driver rounding; empty only for
   * {@link Symbol#BASE} on a CPU without {@code base_frequency}. Percentages round down to whole
   * kHz.
   */
  default Optional<Frequency> resolve(HardwareRange range) {
    if (this instanceof Mhz m) {
      return Optional.of(m.frequency());
    }
    if (this instanceof Percent p) {
      long span = range.max().khz() - range.min().khz();
      return Optional.of(Frequency.ofKhz(range.min().khz() + span * p.percent() / 100));
    }
    return switch ((Symbol) this) {
      case BASE -> range.base();
      case MIN -> Optional.of(range.min());
      case MAX -> Optional.of(range.max());
    };
  }

  /**
   * Whether {@code min} and {@code max} are ordered on every CPU whatever its hardware: true when
   * both are absolute or both percentages (compared as such), or for {@code min}-symbol ≤ anything
   * ≤ {@code max}-symbol; otherwise the order depends on the CPU and is checked per CPU.
   */
  static Optional<Boolean> orderedEverywhere(FrequencyBound min, FrequencyBound max) {
    if (min instanceof Mhz a && max instanceof Mhz b) {
      return Optional.of(a.frequency().compareTo(b.frequency()) <= 0);
    }
    if (min instanceof Percent a && max instanceof Percent b) {
      return Optional.of(a.percent() <= b.percent());
    }
    if (min == Symbol.MIN || max == Symbol.MAX) {
      return Optional.of(true);
    }
    return Optional.empty();
  }
}
