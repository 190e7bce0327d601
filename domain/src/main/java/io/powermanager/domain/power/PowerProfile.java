package io.powermanager.domain.power;

import io.powermanager.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid power profile: an optional frequency window, an optional EPP hint (absent: the CPUs' EPP
 * is left as it is, Intel v2.3+), an optional governor, an optional capacity and whether it is a
 * shared profile (it tunes a node's shared pool; pods cannot request it). An invalid one cannot
 * exist: build it with {@link #of}, which returns every reason at once, and the constructor
 * re-checks the invariants (reaching its throw is a programmer error).
 *
 * <p>An absent {@code min} or {@code max} means "the CPU's hardware limit" (and, for a base
 * profile, "derived per node"); an absent governor means the driver's default for EPP tuning.
 * {@code min}/{@code max} may be per-CPU forms ({@code 50%}, {@code base}, see {@link
 * FrequencyBound}), resolved per CPU when the agent plans.
 */
public record PowerProfile(
    String name,
    Optional<FrequencyBound> min,
    Optional<FrequencyBound> max,
    Optional<Epp> epp,
    Optional<Governor> governor,
    Optional<CpuCapacity> cpuCapacity,
    boolean shared) {

  /** The longest profile name: {@code power.intel.com/<name>} must be a valid resource name. */
  public static final int MAX_NAME_LENGTH = 63;

  public PowerProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(epp, "epp");
    Objects.requireNonNull(governor, "governor");
    Objects.requireNonNull(cpuCapacity, "cpuCapacity");
    if (!PowerNames.isValidProfileName(name)) {
      throw new IllegalArgumentException("invalid profile name " + name);
    }
    if (min.isPresent()
        && max.isPresent()
        && !FrequencyBound.orderedEverywhere(min.get(), max.get()).orElse(true)) {
      throw new IllegalArgumentException("min " + min.get() + " > max " + max.get());
    }
    if (governor.filter(g -> g == Governor.PERFORMANCE).isPresent()
        && epp.filter(e -> e != Epp.PERFORMANCE).isPresent()) {
      throw new IllegalArgumentException("governor performance with epp " + epp.get());
    }
  }

  /** A profile with an EPP; shared exactly when the EPP is {@code power} (the seed's rule). */
  public PowerProfile(
      String name,
      Optional<FrequencyBound> min,
      Optional<FrequencyBound> max,
      Epp epp,
      Optional<Governor> governor,
      Optional<CpuCapacity> cpuCapacity) {
    this(
        name,
        min,
        max,
        Optional.of(Objects.requireNonNull(epp, "epp")),
        governor,
        cpuCapacity,
        epp == Epp.POWER);
  }

  /** The outcome of {@link #of}: a profile, or every reason it is not one. */
  public sealed interface Parsed permits Valid, Invalid {}

  public record Valid(PowerProfile profile) implements Parsed {}

  public record Invalid(List<Violation> violations) implements Parsed {
    public Invalid {
      violations = List.copyOf(violations);
    }
  }

  /**
   * Checks plain spec values and builds the profile. Field paths in the violations are those of the
   * PowerProfile spec ({@code spec.max}, ...).
   *
   * @param minMhz may be null (hardware limit)
   * @param maxMhz may be null (hardware limit)
   * @param epp null or blank: the EPP is left as it is; the hyphen forms are accepted
   * @param governor may be null or blank
   * @param cpuCapacity may be null; {@code "12"} or {@code "40%"}
   */
  public static Parsed of(
      String name, Long minMhz, Long maxMhz, String epp, String governor, String cpuCapacity) {
    return parse(
        name,
        minMhz == null ? null : minMhz.toString(),
        maxMhz == null ? null : maxMhz.toString(),
        epp,
        governor,
        cpuCapacity);
  }

  /**
   * As {@link #of}, with {@code min}/{@code max} as the user wrote them: MHz digits, {@code "NN%"},
   * {@code base}, {@code min} or {@code max} (see {@link FrequencyBound}); null when absent.
   */
  public static Parsed parse(
      String name,
      String minText,
      String maxText,
      String epp,
      String governor,
      String cpuCapacity) {
    return parse(name, minText, maxText, epp, governor, cpuCapacity, null);
  }

  /**
   * As {@link #parse(String, String, String, String, String, String)}, with the spec's {@code
   * shared} flag: null when the spec does not say, and then the profile is shared exactly when its
   * EPP is {@code power} (the seed's v1alpha1 rule).
   */
  public static Parsed parse(
      String name,
      String minText,
      String maxText,
      String epp,
      String governor,
      String cpuCapacity,
      Boolean shared) {
    List<Violation> violations = new ArrayList<>();
    if (name == null || name.isBlank()) {
      violations.add(new Violation("spec.name", "a profile needs a name"));
    } else if (!PowerNames.isValidProfileName(name)) {
      violations.add(
          new Violation(
              "spec.name",
              "\""
                  + name
                  + "\" is not a valid profile name: at most "
                  + MAX_NAME_LENGTH
                  + " lower-case letters, digits, '-' and '.', starting and ending with a letter"
                  + " or digit (it becomes the resource name power.intel.com/<name>)"));
    }
    Optional<FrequencyBound> min = bound("spec.min", minText, violations);
    Optional<FrequencyBound> max = bound("spec.max", maxText, violations);
    if (min.isPresent()
        && max.isPresent()
        && !FrequencyBound.orderedEverywhere(min.get(), max.get()).orElse(true)) {
      String unit = min.get() instanceof FrequencyBound.Mhz ? " MHz" : "";
      violations.add(
          new Violation(
              "spec.min",
              "min "
                  + min.get().text()
                  + unit
                  + " is above max "
                  + max.get().text()
                  + unit
                  + "; min must not exceed max"));
    }
    boolean eppGiven = epp != null && !epp.isBlank();
    Optional<Epp> parsedEpp = eppGiven ? Epp.parse(epp) : Optional.empty();
    if (eppGiven && parsedEpp.isEmpty()) {
      violations.add(
          new Violation(
              "spec.epp",
              "\"" + epp + "\" is not an EPP value; use one of " + Epp.allowedValues()));
    }
    Optional<Governor> parsedGovernor = Optional.empty();
    if (governor != null && !governor.isBlank()) {
      parsedGovernor = Governor.parse(governor);
      if (parsedGovernor.isEmpty()) {
        violations.add(
            new Violation(
                "spec.governor",
                "\""
                    + governor
                    + "\" is not a known governor; use one of "
                    + Governor.allowedValues()));
      }
    }
    if (parsedGovernor.filter(g -> g == Governor.PERFORMANCE).isPresent()
        && parsedEpp.filter(e -> e != Epp.PERFORMANCE).isPresent()) {
      violations.add(
          new Violation(
              "spec.governor",
              "governor performance pins EPP to performance, so epp \""
                  + parsedEpp.get()
                  + "\" could never apply; use governor powersave or epp performance"));
    }
    Optional<CpuCapacity> capacity = Optional.empty();
    if (cpuCapacity != null && !cpuCapacity.isBlank()) {
      capacity = CpuCapacity.parse(cpuCapacity);
      if (CpuCapacity.isZero(cpuCapacity)) {
        violations.add(
            new Violation(
                "spec.cpuCapacity",
                "\""
                    + cpuCapacity
                    + "\" would let no CPU run the profile; use at least 1 or \"1%\", or delete"
                    + " the profile"));
      } else if (capacity.isEmpty()) {
        violations.add(
            new Violation(
                "spec.cpuCapacity",
                "\""
                    + cpuCapacity
                    + "\" is not a CPU count or a percentage; use e.g. 12 or \"40%\" (1-100%)"));
      }
    }
    if (!violations.isEmpty()) {
      return new Invalid(violations);
    }
    return new Valid(
        new PowerProfile(
            name,
            min,
            max,
            parsedEpp,
            parsedGovernor,
            capacity,
            shared != null ? shared : parsedEpp.filter(e -> e == Epp.POWER).isPresent()));
  }

  private static Optional<FrequencyBound> bound(String field, String text, List<Violation> out) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String t = text.trim();
    if (!t.matches("-?[0-9]{1,18}")) {
      Optional<FrequencyBound> parsed = FrequencyBound.parse(t);
      if (parsed.isEmpty()) {
        out.add(
            new Violation(field, "\"" + t + "\" is not a frequency; use " + FrequencyBound.FORMS));
      }
      return parsed;
    }
    long mhz = Long.parseLong(t);
    if (mhz <= 0) {
      out.add(new Violation(field, mhz + " MHz is not a frequency; it must be positive"));
      return Optional.empty();
    }
    if (mhz > MAX_MHZ) {
      out.add(
          new Violation(
              field, mhz + " MHz is beyond any CPU (" + MAX_MHZ + " MHz); the unit is MHz"));
      return Optional.empty();
    }
    return Optional.of(FrequencyBound.mhz(mhz));
  }

  /** A ceiling that catches kHz typed where MHz is expected; no CPU comes near it. */
  public static final long MAX_MHZ = 100_000;

  /** A shared profile tunes a node's shared pool; pods cannot request it. */
  public boolean isShared() {
    return shared;
  }

  /** How many CPUs of a node with {@code allocatableCpus} may run this profile. */
  public int capacityOn(int allocatableCpus) {
    return CapacityRule.capacity(cpuCapacity, epp, allocatableCpus);
  }

  /** The same profile under another name (an extended profile copies its base's settings). */
  public PowerProfile withFrequencies(String newName, Frequency newMin, Frequency newMax) {
    return withBounds(
        newName,
        Optional.of(new FrequencyBound.Mhz(newMin)),
        Optional.of(new FrequencyBound.Mhz(newMax)));
  }

  /** The same profile under another name with another window (bounds as the user writes them). */
  public PowerProfile withBounds(
      String newName, Optional<FrequencyBound> newMin, Optional<FrequencyBound> newMax) {
    return new PowerProfile(newName, newMin, newMax, epp, governor, cpuCapacity, shared);
  }

  /** Whether either end names {@code base} (needs {@code base_frequency}). */
  public boolean usesBase() {
    return min.filter(b -> b == FrequencyBound.Symbol.BASE).isPresent()
        || max.filter(b -> b == FrequencyBound.Symbol.BASE).isPresent();
  }
}
