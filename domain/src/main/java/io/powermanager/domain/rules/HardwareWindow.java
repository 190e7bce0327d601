package io.powermanager.domain.rules;

import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.FrequencyBound;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerProfile;
import java.util.List;
import java.util.Optional;

/**
 * Whether a profile's window lies beyond the hardware of every known power node, above or below
 * alike: an agent refuses a window outside a CPU's {@code cpuinfo_min_freq}-{@code
 * cpuinfo_max_freq}, so such a profile can run nowhere. A warning, not a denial: nodes may join.
 */
final class HardwareWindow {

  private HardwareWindow() {}

  /**
   * Why no power node's hardware fits {@code profile} (e.g. {@code max 4000 MHz exceeds the
   * hardware of every power node (highest 3800 MHz)}); empty when some node fits, when the profile
   * leaves that end open, or when the nodes' ranges are unknown.
   */
  static Optional<String> beyondEveryNode(PowerProfile profile, PowerCatalog catalog) {
    List<Frequency> maxima = catalog.powerNodeMaxima();
    Optional<Frequency> max = profile.max().flatMap(FrequencyBound::absolute);
    if (max.isPresent()
        && !maxima.isEmpty()
        && maxima.stream().allMatch(m -> m.compareTo(max.get()) < 0)) {
      return Optional.of(
          "max "
              + max.get()
              + " exceeds the hardware of every power node (highest "
              + maxima.stream().max(Frequency::compareTo).orElseThrow()
              + ")");
    }
    List<Frequency> minima = catalog.powerNodeMinima();
    Optional<Frequency> min = profile.min().flatMap(FrequencyBound::absolute);
    if (min.isPresent()
        && !minima.isEmpty()
        && minima.stream().allMatch(m -> m.compareTo(min.get()) > 0)) {
      return Optional.of(
          "min "
              + min.get()
              + " is below the hardware of every power node (lowest "
              + minima.stream().min(Frequency::compareTo).orElseThrow()
              + ")");
    }
    return Optional.empty();
  }

  /**
   * Which power nodes lack {@code base_frequency} on some core type when {@code profile} names
   * {@code base}.
   *
   * @param everywhere no power node has it: no CPU anywhere could run the profile
   * @param message for the user, naming the nodes' count
   */
  record BaseMissing(boolean everywhere, String message) {}

  /**
   * Empty when the profile does not name {@code base}, when the nodes are unknown, or when every
   * power node reports {@code base_frequency} on every core type.
   */
  static Optional<BaseMissing> baseFrequencyMissing(PowerProfile profile, PowerCatalog catalog) {
    if (!profile.usesBase()) {
      return Optional.empty();
    }
    List<List<HardwareRange>> nodes = catalog.powerNodeCoreTypes();
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    long lacking =
        nodes.stream()
            .filter(types -> types.isEmpty() || types.stream().anyMatch(t -> t.base().isEmpty()))
            .count();
    if (lacking == 0) {
      return Optional.empty();
    }
    if (lacking == nodes.size()) {
      return Optional.of(
          new BaseMissing(
              true,
              "\"base\" needs base_frequency, which no power node reports (acpi-cpufreq has"
                  + " none); use MHz or a percentage"));
    }
    return Optional.of(
        new BaseMissing(
            false,
            lacking
                + " of "
                + nodes.size()
                + " power nodes report no base_frequency; their agents refuse \"base\" on"
                + " those CPUs"));
  }
}
