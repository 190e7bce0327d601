package io.powermanager.simulator.tuning;

import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.ExtendedProfiles;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.testkit.sysfs.CpuSpec;
import io.powermanager.testkit.sysfs.HardwareModel;
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
    Optional<BaseProfile> kind = BaseProfile.byName(requested);
    Optional<io.powermanager.domain.power.PowerProfile> profile;
    if (kind.isPresent()) {
      profile =
          profiles.stream()
              .filter(p -> requested.equals(label(p, PowerLabels.BASE_PROFILE)))
              .filter(p -> node.equals(label(p, PowerLabels.NODE)))
              .findFirst()
              .flatMap(ProfileConversion::valid);
      if (profile.isEmpty()) {
        profile =
            byName(requested, profiles)
                .flatMap(ProfileConversion::valid)
                .map(base -> ExtendedProfiles.derive(base, kind.get(), node, range));
      }
    } else {
      profile = byName(requested, profiles).flatMap(ProfileConversion::valid);
    }
    return profile.map(
        p ->
            new CpuTarget(
                p.name(),
                p.min().orElse(range.min()).khz(),
                p.max().orElse(range.max()).khz(),
                hardware.hasEpp() ? Optional.of(p.epp().sysfsValue()) : Optional.empty(),
                p.governor().map(g -> g.sysfsValue())));
  }

  /** The range every CPU of the node supports. */
  static HardwareRange range(HardwareModel hardware) {
    long lo = 0;
    long hi = Long.MAX_VALUE;
    for (CpuSpec cpu : hardware.cpus()) {
      lo = Math.max(lo, cpu.cpuinfoMinKhz());
      hi = Math.min(hi, cpu.cpuinfoMaxKhz());
    }
    return new HardwareRange(Frequency.ofKhz(lo), Frequency.ofKhz(hi), Optional.empty());
  }

  private static Optional<PowerProfile> byName(String name, List<PowerProfile> profiles) {
    return profiles.stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst();
  }

  private static String label(PowerProfile p, String key) {
    Map<String, String> labels = p.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
