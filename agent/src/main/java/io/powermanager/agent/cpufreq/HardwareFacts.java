package io.powermanager.agent.cpufreq;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.tuning.CpuHardware;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link HardwareDiscovery} found on a node: every online CPU with its own cpufreq facts and
 * topology, the cpuidle states, the uncore domains, and the files that were absent. Immutable.
 *
 * @param online the {@code online} cpulist
 * @param cpus the CPUs the agent can tune (a cpufreq directory with readable limits), by id
 * @param topology every online CPU's topology, by id
 * @param driver the scaling driver of the first tunable CPU; empty when no CPU has cpufreq
 * @param governors the governors the CPUs offer (union, in listing order)
 * @param epps the EPP preferences the CPUs offer (union); empty when no CPU has EPP
 * @param idleDriver {@code cpuidle/current_driver}; empty when absent
 * @param idleStates the cpuidle states (by name, from the first CPU that has them)
 * @param uncore the uncore frequency domains
 * @param missing absent capability files, each with the CPUs it is absent on, e.g. {@code
 *     cpufreq/base_frequency (cpus 0-15)}
 */
public record HardwareFacts(
    CpuSet online,
    Map<Integer, CpuHardware> cpus,
    Map<Integer, Topology> topology,
    Optional<String> driver,
    List<String> governors,
    List<String> epps,
    Optional<String> idleDriver,
    List<IdleStateInfo> idleStates,
    List<UncoreInfo> uncore,
    List<String> missing) {

  public HardwareFacts {
    Objects.requireNonNull(online, "online");
    cpus = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(cpus));
    topology = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(topology));
    Objects.requireNonNull(driver, "driver");
    governors = List.copyOf(governors);
    epps = List.copyOf(epps);
    Objects.requireNonNull(idleDriver, "idleDriver");
    idleStates = List.copyOf(idleStates);
    uncore = List.copyOf(uncore);
    missing = List.copyOf(missing);
  }

  /** Where a CPU sits; {@code -1} where the kernel reports no package or die. */
  public record Topology(int packageId, int dieId, int coreId, CpuSet threadSiblings) {}

  /** A cpuidle state, matched by name. */
  public record IdleStateInfo(String name, int latencyUs, int residencyUs) {}

  /**
   * An uncore domain directory ({@code package_PP_die_DD} or TPMI {@code uncoreNN}) with the
   * package and die it stands for and its reset limits.
   */
  public record UncoreInfo(
      String domain, int packageId, int dieId, Frequency initialMin, Frequency initialMax) {

    /** A legacy {@code package_PP_die_DD} domain, its ids read from the name. */
    public UncoreInfo(String domain, Frequency initialMin, Frequency initialMax) {
      this(
          domain,
          Integer.parseInt(domain.replaceAll("package_(\\d+)_die_\\d+", "$1")),
          Integer.parseInt(domain.replaceAll("package_\\d+_die_(\\d+)", "$1")),
          initialMin,
          initialMax);
    }

    /** The domain's rules' view. */
    public io.powermanager.domain.uncore.UncoreDomain toDomain() {
      return new io.powermanager.domain.uncore.UncoreDomain(
          domain, packageId, dieId, initialMin.khz(), initialMax.khz());
    }

    public static UncoreInfo of(io.powermanager.domain.uncore.UncoreDomain d) {
      return new UncoreInfo(
          d.dir(),
          d.packageId(),
          d.dieId(),
          Frequency.ofKhz(d.initialMinKhz()),
          Frequency.ofKhz(d.initialMaxKhz()));
    }
  }

  /** The uncore domains as the domain's rules see them. */
  public List<io.powermanager.domain.uncore.UncoreDomain> uncoreDomains() {
    return uncore.stream().map(UncoreInfo::toDomain).toList();
  }

  /** CPUs sharing one frequency range (hybrid parts have several). */
  public record CoreType(CpuSet cpus, HardwareRange range) {}

  /** The tunable CPUs. */
  public CpuSet tunableCpus() {
    return CpuSet.of(new ArrayList<>(cpus.keySet()));
  }

  /** Whether any CPU can take an EPP hint. */
  public boolean eppSupported() {
    return cpus.values().stream().anyMatch(CpuHardware::eppSupported);
  }

  /** The CPUs grouped by identical cpuinfo range and base frequency, lowest CPU first. */
  public List<CoreType> coreTypes() {
    Map<HardwareRange, List<Integer>> groups = new LinkedHashMap<>();
    cpus.forEach((id, hw) -> groups.computeIfAbsent(hw.range(), r -> new ArrayList<>()).add(id));
    List<CoreType> types = new ArrayList<>();
    groups.forEach((range, ids) -> types.add(new CoreType(CpuSet.of(ids), range)));
    return types;
  }

  /** The range every tunable CPU supports, for deriving extended profiles locally. */
  public Optional<HardwareRange> commonRange() {
    return HardwareRange.commonTo(coreTypes().stream().map(CoreType::range).toList());
  }
}
