package io.powermanager.domain.nodesettings;

import io.powermanager.domain.pool.Pool;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.ExtendedProfiles;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.FrequencyBound;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.tuning.CpuHardware;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.Desire;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Fits each CPU's desired window under the node-wide settings, before the writes are planned. Pure.
 *
 * <ul>
 *   <li>With turbo off, no CPU can go above its {@linkplain #ceiling ceiling} (base frequency): a
 *       window derived from a base profile ({@code <base>-<node>}) is re-derived with the formula
 *       on {@code [cpuinfo_min, base]}; an explicit profile window above it is clamped there and
 *       reported ({@code Clamped}); a snapshot being restored is held there silently (the kernel
 *       would hold it there anyway).
 *   <li>Limits clamp every window in scope into {@code [limit.min, limit.max]} resolved on the
 *       CPU's own hardware; a clamp that leaves {@code min > max} refuses the CPU, never widens the
 *       window. With {@link NodeSettings.Scope#ALL_CPUS} CPUs nobody tunes are held inside the
 *       limits too (from what they run now).
 * </ul>
 */
public final class WindowClamp {

  private WindowClamp() {}

  /**
   * What the clamp did.
   *
   * @param desires every CPU's desire after the clamp
   * @param clamped CPUs whose profile window turbo-off clamped, with a sentence for conditions and
   *     Events
   * @param limited CPUs whose window the limits narrowed, with a sentence
   */
  public record Result(
      Map<Integer, Desire> desires, Map<Integer, String> clamped, Map<Integer, String> limited) {}

  /**
   * @param desires each CPU's desire as its pool asks (planned on the turbo-on hardware)
   * @param observed what the CPUs run now (for {@link NodeSettings.Scope#ALL_CPUS})
   * @param hardware each CPU's hardware with turbo on
   * @param pools each CPU's pool
   * @param settings the node's settings, if any
   * @param turboOff whether turbo is off once the plan is applied
   * @param node this node's name, to recognise derived profiles
   */
  public static Result apply(
      Map<Integer, Desire> desires,
      Map<Integer, CpuSettings> observed,
      Map<Integer, CpuHardware> hardware,
      IntFunction<Pool> pools,
      Optional<NodeSettings> settings,
      boolean turboOff,
      String node) {
    Objects.requireNonNull(node, "node");
    Map<Integer, Desire> out = new TreeMap<>(desires);
    Map<Integer, String> clamped = new TreeMap<>();
    Map<Integer, String> limited = new TreeMap<>();
    boolean all = settings.map(s -> s.scope() == NodeSettings.Scope.ALL_CPUS).orElse(false);
    for (Map.Entry<Integer, Desire> e : desires.entrySet()) {
      int cpu = e.getKey();
      CpuHardware hw = hardware.get(cpu);
      if (hw == null) {
        continue;
      }
      Pool pool = pools.apply(cpu);
      Optional<String> profile = profileOf(pool);
      CpuSettings target;
      if (e.getValue() instanceof Desire.Target t) {
        target = t.settings();
      } else if (e.getValue() instanceof Desire.Untouched
          && all
          && settings.get().limits()
          && observed.containsKey(cpu)) {
        target = observed.get(cpu);
      } else {
        continue;
      }
      String reason =
          e.getValue() instanceof Desire.Target t
              ? t.reason()
              : "PowerNodeSettings " + settings.get().name();
      Frequency min = target.min();
      Frequency max = target.max();
      if (turboOff) {
        Frequency ceiling = ceiling(hw);
        if (max.compareTo(ceiling) > 0) {
          Optional<BaseProfile> derived = profile.flatMap(p -> derivedFrom(p, node));
          if (derived.isPresent()) {
            ExtendedProfiles.Window w =
                ExtendedProfiles.window(
                    derived.get(), new HardwareRange(hw.cpuinfoMin(), ceiling, hw.base()));
            min = hw.asHeld(w.min());
            max = hw.asHeld(w.max());
          } else {
            Frequency newMin = Frequency.min(min, ceiling);
            if (profile.isPresent()) {
              clamped.put(
                  cpu,
                  "power profile \""
                      + profile.get()
                      + "\" window "
                      + target.min().mhz()
                      + "-"
                      + target.max().mhz()
                      + " MHz is clamped to "
                      + newMin.mhz()
                      + "-"
                      + ceiling.mhz()
                      + " MHz on cpu "
                      + cpu
                      + ": turbo is off");
            }
            min = newMin;
            max = ceiling;
          }
        }
      }
      boolean inScope = profile.isPresent() || all;
      if (settings.isPresent() && settings.get().limits() && inScope) {
        NodeSettings s = settings.get();
        Optional<Frequency> lo = resolve(s.min(), hw);
        Optional<Frequency> hi = resolve(s.max(), hw);
        if ((s.min().isPresent() && lo.isEmpty()) || (s.max().isPresent() && hi.isEmpty())) {
          out.put(
              cpu,
              new Desire.Refused(
                  profile.orElse(""),
                  "PowerNodeSettings \""
                      + s.name()
                      + "\" limits name \"base\", but cpu "
                      + cpu
                      + " has no base_frequency"));
          continue;
        }
        Frequency newMin = lo.isPresent() ? Frequency.max(min, lo.get()) : min;
        Frequency newMax = hi.isPresent() ? Frequency.min(max, hi.get()) : max;
        newMin = hw.asHeld(newMin);
        newMax = hw.asHeld(newMax);
        if (newMin.compareTo(newMax) > 0) {
          out.put(
              cpu,
              new Desire.Refused(
                  profile.orElse(""),
                  (profile.isPresent() ? "power profile \"" + profile.get() + "\" window " : "")
                      + min.mhz()
                      + "-"
                      + max.mhz()
                      + " MHz lies outside PowerNodeSettings \""
                      + s.name()
                      + "\" limits "
                      + lo.map(f -> f.mhz() + "").orElse("")
                      + "-"
                      + hi.map(f -> f.mhz() + "").orElse("")
                      + " MHz on cpu "
                      + cpu
                      + "; the window is not widened"));
          continue;
        }
        if (!newMin.equals(min) || !newMax.equals(max)) {
          limited.put(
              cpu,
              "cpu "
                  + cpu
                  + " window "
                  + min.mhz()
                  + "-"
                  + max.mhz()
                  + " MHz held at "
                  + newMin.mhz()
                  + "-"
                  + newMax.mhz()
                  + " MHz by PowerNodeSettings \""
                  + s.name()
                  + "\"");
        }
        min = newMin;
        max = newMax;
      }
      if (!min.equals(target.min()) || !max.equals(target.max())) {
        out.put(
            cpu,
            new Desire.Target(new CpuSettings(target.governor(), target.epp(), min, max), reason));
      }
    }
    return new Result(out, clamped, limited);
  }

  /**
   * The highest frequency a CPU reaches with turbo off: its base frequency; without one
   * (acpi-cpufreq) its nominal maximum, which the kernel reports as {@code cpuinfo_max_freq} − 1
   * MHz when turbo exists.
   */
  public static Frequency ceiling(CpuHardware hw) {
    if (hw.base().isPresent()) {
      return hw.base().get();
    }
    long max = hw.cpuinfoMax().khz();
    return max % 100_000 == 1_000 ? Frequency.ofKhz(max - 1_000) : hw.cpuinfoMax();
  }

  private static Optional<Frequency> resolve(Optional<FrequencyBound> bound, CpuHardware hw) {
    if (bound.isEmpty()) {
      return Optional.empty();
    }
    return bound.get().resolve(hw.range());
  }

  private static Optional<String> profileOf(Pool pool) {
    if (pool instanceof Pool.Shared s) {
      return Optional.of(s.profile());
    }
    if (pool instanceof Pool.Exclusive x) {
      return Optional.of(x.profile());
    }
    return Optional.empty();
  }

  /** The base profile {@code profile} is the extended profile of on {@code node}, if any. */
  static Optional<BaseProfile> derivedFrom(String profile, String node) {
    for (BaseProfile kind : BaseProfile.values()) {
      if (PowerNames.extendedProfileName(kind.profileName(), node).equals(profile)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
