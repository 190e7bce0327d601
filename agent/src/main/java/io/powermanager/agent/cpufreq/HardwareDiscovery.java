package io.powermanager.agent.cpufreq;

import io.powermanager.agent.sysfs.Errno;
import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.agent.uncore.UncoreDiscovery;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.tuning.CpuHardware;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the node's power capabilities from sysfs: every online CPU (the {@code online} cpulist,
 * gaps included), each one's own cpufreq files and topology, cpuidle states and uncore domains. A
 * missing or unreadable file is recorded in {@link HardwareFacts#missing()}, never thrown; a CPU
 * whose limits cannot be read is left out of {@link HardwareFacts#cpus()} (not tunable). Stateless.
 */
public final class HardwareDiscovery {

  private static final int MAX_IDLE_STATES = 16;

  private HardwareDiscovery() {}

  /**
   * Discovers the node.
   *
   * @throws SysfsException when even {@code online} cannot be read: there is no CPU tree there
   */
  public static HardwareFacts discover(SysfsPort sysfs) throws SysfsException {
    CpuSet online;
    try {
      online = CpuSet.parse(sysfs.read("online"));
    } catch (IllegalArgumentException e) {
      throw new SysfsException(
          "online", null, Errno.EINVAL, "unreadable online cpulist: " + e.getMessage(), e);
    }
    Missing missing = new Missing();
    Map<Integer, CpuHardware> cpus = new TreeMap<>();
    Map<Integer, HardwareFacts.Topology> topology = new TreeMap<>();
    LinkedHashSet<String> governors = new LinkedHashSet<>();
    LinkedHashSet<String> epps = new LinkedHashSet<>();
    for (int cpu : online) {
      topology.put(cpu, topology(sysfs, cpu, missing));
      cpuHardware(sysfs, cpu, missing)
          .ifPresent(
              hw -> {
                cpus.put(cpu, hw);
                governors.addAll(hw.governors());
                epps.addAll(hw.epps());
              });
    }
    Optional<String> driver = cpus.values().stream().findFirst().map(CpuHardware::driver);
    Optional<String> idleDriver = text(sysfs, "cpuidle/current_driver");
    if (idleDriver.isEmpty()) {
      missing.add("cpuidle/current_driver", -1);
    }
    List<HardwareFacts.IdleStateInfo> idle = idleStates(sysfs, online, missing);
    List<HardwareFacts.UncoreInfo> uncore = uncore(sysfs, missing);
    return new HardwareFacts(
        online,
        cpus,
        topology,
        driver,
        List.copyOf(governors),
        List.copyOf(epps),
        idleDriver,
        idle,
        uncore,
        missing.render());
  }

  private static Optional<CpuHardware> cpuHardware(SysfsPort sysfs, int cpu, Missing missing) {
    String dir = "cpu" + cpu + "/cpufreq/";
    Optional<String> driver = text(sysfs, dir + "scaling_driver");
    Optional<Long> min = number(sysfs, dir + "cpuinfo_min_freq");
    Optional<Long> max = number(sysfs, dir + "cpuinfo_max_freq");
    if (driver.isEmpty() || min.isEmpty() || max.isEmpty() || min.get() > max.get()) {
      missing.add("cpufreq", cpu);
      return Optional.empty();
    }
    Optional<Long> base = number(sysfs, dir + "base_frequency");
    if (base.isEmpty()) {
      missing.add("cpufreq/base_frequency", cpu);
    }
    List<String> governors = words(sysfs, dir + "scaling_available_governors");
    if (governors.isEmpty()) {
      missing.add("cpufreq/scaling_available_governors", cpu);
    }
    List<String> epps = List.of();
    if (sysfs.exists(dir + "energy_performance_preference")) {
      epps = words(sysfs, dir + "energy_performance_available_preferences");
    }
    if (epps.isEmpty()) {
      missing.add("cpufreq/energy_performance_preference", cpu);
    }
    return Optional.of(
        new CpuHardware(
            cpu,
            driver.get(),
            Frequency.ofKhz(min.get()),
            Frequency.ofKhz(max.get()),
            base.filter(b -> b >= min.get() && b <= max.get()).map(Frequency::ofKhz),
            governors,
            epps));
  }

  private static HardwareFacts.Topology topology(SysfsPort sysfs, int cpu, Missing missing) {
    String dir = "cpu" + cpu + "/topology/";
    int pkg =
        integer(sysfs, dir + "physical_package_id", "topology/physical_package_id", cpu, missing);
    int die = integer(sysfs, dir + "die_id", "topology/die_id", cpu, missing);
    int core = integer(sysfs, dir + "core_id", "topology/core_id", cpu, missing);
    CpuSet siblings = CpuSet.of(cpu);
    Optional<String> list = text(sysfs, dir + "thread_siblings_list");
    if (list.isEmpty()) {
      missing.add("topology/thread_siblings_list", cpu);
    } else {
      try {
        siblings = CpuSet.parse(list.get());
      } catch (IllegalArgumentException e) {
        missing.add("topology/thread_siblings_list", cpu);
      }
    }
    return new HardwareFacts.Topology(pkg, die, core, siblings);
  }

  private static int integer(SysfsPort sysfs, String path, String name, int cpu, Missing missing) {
    Optional<String> value = text(sysfs, path);
    if (value.isPresent()) {
      try {
        return Integer.parseInt(value.get());
      } catch (NumberFormatException e) {
        // recorded below
      }
    }
    missing.add(name, cpu);
    return -1;
  }

  private static List<HardwareFacts.IdleStateInfo> idleStates(
      SysfsPort sysfs, CpuSet online, Missing missing) {
    for (int cpu : online) {
      List<HardwareFacts.IdleStateInfo> states = new ArrayList<>();
      for (int k = 0; k < MAX_IDLE_STATES; k++) {
        String dir = "cpu" + cpu + "/cpuidle/state" + k + "/";
        Optional<String> name = text(sysfs, dir + "name");
        if (name.isEmpty()) {
          break;
        }
        int latency = number(sysfs, dir + "latency").map(Long::intValue).orElse(-1);
        int residency = number(sysfs, dir + "residency").map(Long::intValue).orElse(-1);
        states.add(new HardwareFacts.IdleStateInfo(name.get(), latency, residency));
      }
      if (!states.isEmpty()) {
        return states;
      }
    }
    missing.add("cpuidle/state0", -1);
    return List.of();
  }

  private static List<HardwareFacts.UncoreInfo> uncore(SysfsPort sysfs, Missing missing) {
    List<HardwareFacts.UncoreInfo> domains =
        UncoreDiscovery.discover(sysfs).stream().map(HardwareFacts.UncoreInfo::of).toList();
    if (domains.isEmpty()) {
      missing.add(UncoreDiscovery.ROOT, -1);
    }
    return domains;
  }

  private static Optional<String> text(SysfsPort sysfs, String path) {
    try {
      String value = sysfs.read(path).strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (SysfsException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> number(SysfsPort sysfs, String path) {
    return text(sysfs, path)
        .flatMap(
            v -> {
              try {
                return Optional.of(Long.parseLong(v));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  private static List<String> words(SysfsPort sysfs, String path) {
    return text(sysfs, path).map(v -> Arrays.asList(v.split("\\s+"))).orElse(List.of());
  }

  /** Absent files, each with the CPUs it is absent on. */
  private static final class Missing {
    private final Map<String, List<Integer>> cpusByFile = new java.util.LinkedHashMap<>();

    void add(String file, int cpu) {
      List<Integer> cpus = cpusByFile.computeIfAbsent(file, f -> new ArrayList<>());
      if (cpu >= 0) {
        cpus.add(cpu);
      }
    }

    List<String> render() {
      List<String> out = new ArrayList<>();
      cpusByFile.forEach(
          (file, cpus) ->
              out.add(cpus.isEmpty() ? file : file + " (cpus " + CpuSet.of(cpus) + ")"));
      return out;
    }
  }
}
