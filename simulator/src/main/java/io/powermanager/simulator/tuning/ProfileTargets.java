package io.powermanager.simulator.tuning;

import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.ExtendedProfiles;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.tuning.CpuHardware;
import io.powermanager.domain.tuning.ProfileWindow;
import io.powermanager.testkit.sysfs.CpuSpec;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which settings a requested profile means on a node, resolved as the agent resolves it: a base
 * profile runs as its extended profile {@code <base>-<node>} (found by the labels {@link
 * PowerLabels#BASE_PROFILE} and {@link PowerLabels#NODE}), or as the domain's derivation from the
 * node's hardware while the reconciler has not made it yet; any other profile as itself. An absent
 * min or max means the hardware limit. Pure.
 */
public final class ProfileTargets {

  private ProfileTargets() {}

  /**
   * @param requested the profile named by the pod's {@code power.intel.com/<profile>} resource
   * @param profiles the PowerProfiles of the power namespace
   * @return empty when the profile does not exist or is invalid
   */
  public static Optional<CpuTarget> resolve(
      String requested, String node, List<PowerProfile> profiles, HardwareModel hardware) {
    HardwareRange range = range(hardware);
    return profile(requested, node, profiles, range)
        .map(
            p ->
                new CpuTarget(
                    p.name(),
                    p.min().flatMap(b -> b.resolve(range)).orElse(range.min()).khz(),
                    p.max().flatMap(b -> b.resolve(range)).orElse(range.max()).khz(),
                    p.epp().filter(e -> hardware.hasEpp()).map(e -> e.sysfsValue()),
                    p.governor().map(g -> g.sysfsValue())));
  }

  /**
   * What the profile means on each of {@code cpus}, resolved per CPU as the agent's planner does
   * ({@link ProfileWindow}: percentages and {@code base} of each CPU's own range, as the driver
   * holds them), CPUs with the same target grouped; CPUs the agent would refuse are left out.
   *
   * @return empty when the profile does not exist or is invalid
   */
  public static Map<CpuSet, CpuTarget> resolve(
      String requested,
      String node,
      List<PowerProfile> profiles,
      HardwareModel hardware,
      CpuSet cpus) {
    Optional<io.powermanager.domain.power.PowerProfile> profile =
        profile(requested, node, profiles, range(hardware));
    if (profile.isEmpty()) {
      return Map.of();
    }
    io.powermanager.domain.power.PowerProfile p = profile.get();
    Map<CpuTarget, List<Integer>> grouped = new LinkedHashMap<>();
    for (int cpu : cpus) {
      if (ProfileWindow.on(cpuHardware(hardware, cpu), p) instanceof ProfileWindow.Window w) {
        CpuTarget target =
            new CpuTarget(
                p.name(),
                w.min().khz(),
                w.max().khz(),
                p.epp().filter(e -> hardware.hasEpp()).map(e -> e.sysfsValue()),
                p.governor().map(g -> g.sysfsValue()));
        grouped.computeIfAbsent(target, t -> new ArrayList<>()).add(cpu);
      }
    }
    Map<CpuSet, CpuTarget> out = new LinkedHashMap<>();
    grouped.forEach((target, ids) -> out.put(CpuSet.of(ids), target));
    return out;
  }

  private static Optional<io.powermanager.domain.power.PowerProfile> profile(
      String requested, String node, List<PowerProfile> profiles, HardwareRange range) {
    Optional<BaseProfile> kind = BaseProfile.byName(requested);
    if (kind.isEmpty()) {
      return byName(requested, profiles).flatMap(ProfileConversion::valid);
    }
    Optional<io.powermanager.domain.power.PowerProfile> extended =
        profiles.stream()
            .filter(p -> requested.equals(label(p, PowerLabels.BASE_PROFILE)))
            .filter(p -> node.equals(label(p, PowerLabels.NODE)))
            .findFirst()
            .flatMap(ProfileConversion::valid);
    if (extended.isPresent()) {
      return extended;
    }
    return byName(requested, profiles)
        .flatMap(ProfileConversion::valid)
        .map(base -> ExtendedProfiles.derive(base, kind.get(), node, range));
  }

  /** One CPU of the model as the agent's discovery reads it. */
  static CpuHardware cpuHardware(HardwareModel hardware, int cpu) {
    CpuSpec spec = hardware.cpu(cpu);
    return new CpuHardware(
        cpu,
        hardware.driver().sysfsName(),
        Frequency.ofKhz(spec.cpuinfoMinKhz()),
        Frequency.ofKhz(spec.cpuinfoMaxKhz()),
        spec.baseFrequencyKhz() > 0
            ? Optional.of(Frequency.ofKhz(spec.baseFrequencyKhz()))
            : Optional.empty(),
        hardware.governors(),
        hardware.eppPreferences());
  }

  /** The range every CPU of the node supports (with the lowest base, when every CPU has one). */
  static HardwareRange range(HardwareModel hardware) {
    long lo = 0;
    long hi = Long.MAX_VALUE;
    long base = Long.MAX_VALUE;
    for (CpuSpec cpu : hardware.cpus()) {
      lo = Math.max(lo, cpu.cpuinfoMinKhz());
      hi = Math.min(hi, cpu.cpuinfoMaxKhz());
      base = cpu.baseFrequencyKhz() > 0 && base > 0 ? Math.min(base, cpu.baseFrequencyKhz()) : 0;
    }
    return new HardwareRange(
        Frequency.ofKhz(lo),
        Frequency.ofKhz(hi),
        base > 0 && base != Long.MAX_VALUE ? Optional.of(Frequency.ofKhz(base)) : Optional.empty());
  }

  private static Optional<PowerProfile> byName(String name, List<PowerProfile> profiles) {
    return profiles.stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst();
  }

  private static String label(PowerProfile p, String key) {
    Map<String, String> labels = p.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
