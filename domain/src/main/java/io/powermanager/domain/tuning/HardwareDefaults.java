package io.powermanager.domain.tuning;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans returning a node to its hardware defaults without any snapshot ({@code power-manager agent
 * --restore-defaults}): for a node another tool (Intel's agent) tuned before ours first started,
 * whose "originals" would otherwise be that tool's values. The defaults:
 *
 * <ul>
 *   <li>turbo on ({@code intel_pstate/no_turbo} 0, {@code cpufreq/boost} 1), first: it raises
 *       {@code cpuinfo_max_freq} with intel_pstate, so the caller reads again and plans a second
 *       pass for the windows;
 *   <li>per CPU: governor = the driver's default ({@link #defaultGovernor}), then EPP {@value
 *       #DEFAULT_EPP} where the CPU has EPP (the kernel's default on HWP systems; a write under
 *       governor {@code performance} would be refused, hence after the governor), then {@code
 *       scaling_max_freq} = {@code cpuinfo_max_freq} and {@code scaling_min_freq} = {@code
 *       cpuinfo_min_freq} (widening: {@code min ≤ max} holds after each), then every idle state's
 *       {@code disable} = 0;
 *   <li>per uncore domain: {@code max_freq_khz} = {@code initial_max_freq_khz}, then {@code
 *       min_freq_khz} = {@code initial_min_freq_khz}.
 * </ul>
 *
 * Only files whose value differs are written. Pure.
 */
public final class HardwareDefaults {

  /** The EPP the kernel gives HWP CPUs at boot (intel_pstate and amd-pstate-epp). */
  public static final String DEFAULT_EPP = "balance_performance";

  /** The cpufreq drivers in active mode, whose default governor is {@code powersave}. */
  public static final Set<String> ACTIVE_PSTATE_DRIVERS = Set.of("intel_pstate", "amd-pstate-epp");

  private HardwareDefaults() {}

  /**
   * What one CPU shows now.
   *
   * @param epp {@code energy_performance_preference}, empty without EPP
   * @param eppPreferences {@code energy_performance_available_preferences} (empty without EPP)
   * @param idleDisable {@code cpuN/cpuidle/stateK/disable} path → value
   */
  public record CpuReading(
      int cpu,
      String driver,
      List<String> governors,
      String governor,
      Optional<String> epp,
      List<String> eppPreferences,
      long cpuinfoMinKhz,
      long cpuinfoMaxKhz,
      long scalingMinKhz,
      long scalingMaxKhz,
      Map<String, String> idleDisable) {
    public CpuReading {
      Objects.requireNonNull(driver, "driver");
      governors = List.copyOf(governors);
      Objects.requireNonNull(governor, "governor");
      Objects.requireNonNull(epp, "epp");
      eppPreferences = List.copyOf(eppPreferences);
      idleDisable = Map.copyOf(idleDisable);
    }
  }

  /**
   * One uncore domain now.
   *
   * @param dir its directory relative to the CPU sysfs root ({@code
   *     intel_uncore_frequency/package_00_die_00})
   */
  public record UncoreReading(
      String dir, long initialMinKhz, long initialMaxKhz, long minKhz, long maxKhz) {
    public UncoreReading {
      Objects.requireNonNull(dir, "dir");
    }
  }

  /**
   * The node's turbo switch and its value now.
   *
   * @param path {@code intel_pstate/no_turbo} or {@code cpufreq/boost}
   * @param inverted whether {@code 1} means turbo off ({@code no_turbo})
   */
  public record TurboReading(String path, boolean inverted, String value) {
    public TurboReading {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(value, "value");
    }

    boolean on() {
      return inverted != value.strip().equals("1");
    }

    PlannedWrite switchOn() {
      return PlannedWrite.file(PlannedWrite.NODE, Knob.TURBO, path, inverted ? "0" : "1");
    }
  }

  /** What the node shows now: CPUs without cpufreq are left out by the reader. */
  public record NodeReading(
      List<CpuReading> cpus, List<UncoreReading> uncore, Optional<TurboReading> turbo) {
    public NodeReading {
      cpus = List.copyOf(cpus);
      uncore = List.copyOf(uncore);
      Objects.requireNonNull(turbo, "turbo");
    }
  }

  /**
   * The governor a CPU boots with: {@code powersave} under an active P-state driver ({@link
   * #ACTIVE_PSTATE_DRIVERS}), else {@code schedutil} if offered, else the first offered.
   *
   * @return empty when the CPU offers no governor
   */
  public static Optional<String> defaultGovernor(String driver, List<String> available) {
    if (ACTIVE_PSTATE_DRIVERS.contains(driver) && available.contains("powersave")) {
      return Optional.of("powersave");
    }
    if (available.contains("schedutil")) {
      return Optional.of("schedutil");
    }
    return available.stream().findFirst();
  }

  /** The writes that bring {@code now} to the hardware defaults, in the order described above. */
  public static NodePlan plan(NodeReading now) {
    List<PlannedWrite> writes = new ArrayList<>();
    now.turbo().filter(t -> !t.on()).ifPresent(t -> writes.add(t.switchOn()));
    for (CpuReading cpu : now.cpus()) {
      int id = cpu.cpu();
      defaultGovernor(cpu.driver(), cpu.governors())
          .filter(g -> !g.equalsIgnoreCase(cpu.governor().strip()))
          .ifPresent(g -> writes.add(new PlannedWrite(id, Knob.GOVERNOR, g)));
      if (cpu.epp().isPresent()
          && cpu.eppPreferences().contains(DEFAULT_EPP)
          && !cpu.epp().get().strip().equals(DEFAULT_EPP)) {
        writes.add(new PlannedWrite(id, Knob.EPP, DEFAULT_EPP));
      }
      if (cpu.scalingMaxKhz() != cpu.cpuinfoMaxKhz()) {
        writes.add(new PlannedWrite(id, Knob.MAX_FREQ, Long.toString(cpu.cpuinfoMaxKhz())));
      }
      if (cpu.scalingMinKhz() != cpu.cpuinfoMinKhz()) {
        writes.add(new PlannedWrite(id, Knob.MIN_FREQ, Long.toString(cpu.cpuinfoMinKhz())));
      }
      new TreeMap<>(cpu.idleDisable())
          .forEach(
              (path, value) -> {
                if (!value.strip().equals("0")) {
                  writes.add(PlannedWrite.file(id, Knob.CSTATE_DISABLE, path, "0"));
                }
              });
    }
    for (UncoreReading u : now.uncore()) {
      if (u.maxKhz() != u.initialMaxKhz()) {
        writes.add(
            PlannedWrite.file(
                PlannedWrite.NODE,
                Knob.UNCORE_MAX_FREQ,
                u.dir() + "/" + Knob.UNCORE_MAX_FREQ.file(),
                Long.toString(u.initialMaxKhz())));
      }
      if (u.minKhz() != u.initialMinKhz()) {
        writes.add(
            PlannedWrite.file(
                PlannedWrite.NODE,
                Knob.UNCORE_MIN_FREQ,
                u.dir() + "/" + Knob.UNCORE_MIN_FREQ.file(),
                Long.toString(u.initialMinKhz())));
      }
    }
    return new NodePlan(writes, Map.of());
  }

  /** How many writes of each knob, every knob listed (0 when none). */
  public static Map<Knob, Integer> countByKnob(List<PlannedWrite> writes) {
    Map<Knob, Integer> counts = new EnumMap<>(Knob.class);
    for (Knob k : Knob.values()) {
      counts.put(k, 0);
    }
    writes.forEach(w -> counts.merge(w.knob(), 1, Integer::sum));
    return counts;
  }
}
