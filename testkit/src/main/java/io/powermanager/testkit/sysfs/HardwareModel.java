package io.powermanager.testkit.sysfs;

import io.powermanager.domain.CpuSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An immutable description of a node's CPUs as {@code /sys/devices/system/cpu} shows them:
 * topology, cpufreq driver and ranges, governors, EPP, cpuidle states, uncore domains and offline
 * CPUs. An {@link EmulatedSysfs} is built from one.
 *
 * <p>Named models ({@link #byName(String)}):
 *
 * <ul>
 *   <li>{@code spr-8480}: 2 × Xeon Platinum 8480+ (contracts §5.7). 224 CPUs, HT siblings {@code i}
 *       and {@code i+112}; package 0 = {@code 0-55,112-167}, package 1 = {@code 56-111,168-223};
 *       intel_pstate, cpuinfo 800000–3800000 kHz, base 2000000, governors {@code performance
 *       powersave} (default powersave), EPP {@code balance_performance} (HWP value 32 as on SPR);
 *       intel_idle POLL/C1/C1E/C6 with the {@code spr_cstates} latencies; uncore {@code
 *       package_00_die_00} initial 800000/2500000 and {@code package_01_die_00} 1000000/2400000.
 *   <li>{@code small}: 8 CPUs, one package, no HT (each CPU its own core); intel_pstate,
 *       800000–3500000 kHz, base 2100000; EPP {@code balance_performance} (128); the SPR idle
 *       states; uncore {@code package_00_die_00} 800000/2400000.
 *   <li>{@code acpi}: 16 CPUs, one package, HT siblings {@code i} and {@code i+8}; acpi-cpufreq,
 *       1200000–2400000 kHz, no {@code base_frequency}, no EPP; governors {@code conservative
 *       ondemand userspace powersave performance schedutil} (default schedutil); acpi_idle
 *       POLL/C1/C2/C3; no uncore directory.
 *   <li>{@code hybrid}: 16 CPUs, one package, no HT; CPUs 0-7 are P-cores (800000–4700000, base
 *       2100000), CPUs 8-15 E-cores (800000–3400000, base 1500000); intel_pstate with EPP 128;
 *       Alder Lake idle states POLL/C1/C1E/C6/C8/C10; uncore {@code package_00_die_00}
 *       800000/3600000.
 *   <li>{@code tpmi}: 32 CPUs in 2 packages with TPMI uncore directories {@code uncore00}-{@code
 *       uncore03} only (see {@link #tpmi()}).
 * </ul>
 *
 * <p>{@link #generic(int)} is the {@code --cpus C} node and {@link #intelPstate(String, int)} /
 * {@link #acpiCpufreq(String, int)} start builders for anything else. {@link #withOffline(CpuSet)}
 * takes CPUs offline (gaps in {@code online}).
 *
 * <p>Topology numbering follows Linux on Intel: first thread 0 of every core, package by package,
 * then thread 1 of every core in the same order. So with P packages, C cores per package and 2
 * threads, CPU {@code i} and {@code i + P*C} are siblings and {@code core_id} runs 0..C-1 in each
 * package. Every package has one die (die 0).
 */
public final class HardwareModel {

  /** The idle states of intel_idle's {@code spr_cstates} table (Sapphire Rapids). */
  public static final List<IdleState> SPR_IDLE_STATES =
      List.of(
          new IdleState("POLL", "CPUIDLE CORE POLL IDLE", 0, 0),
          new IdleState("C1", "MWAIT 0x00", 1, 1),
          new IdleState("C1E", "MWAIT 0x01", 2, 4),
          new IdleState("C6", "MWAIT 0x20", 290, 800));

  /** The idle states of intel_idle's {@code adl_cstates} table (Alder Lake). */
  public static final List<IdleState> ADL_IDLE_STATES =
      List.of(
          new IdleState("POLL", "CPUIDLE CORE POLL IDLE", 0, 0),
          new IdleState("C1", "MWAIT 0x00", 1, 1),
          new IdleState("C1E", "MWAIT 0x01", 2, 4),
          new IdleState("C6", "MWAIT 0x20", 220, 600),
          new IdleState("C8", "MWAIT 0x40", 280, 800),
          new IdleState("C10", "MWAIT 0x60", 680, 2000));

  /** Illustrative acpi_idle states (residency = 2 × latency, as acpi_idle sets it). */
  public static final List<IdleState> ACPI_IDLE_STATES =
      List.of(
          new IdleState("POLL", "CPUIDLE CORE POLL IDLE", 0, 0),
          new IdleState("C1", "ACPI FFH MWAIT 0x0", 1, 2),
          new IdleState("C2", "ACPI IOPORT 0x814", 41, 82),
          new IdleState("C3", "ACPI IOPORT 0x815", 350, 700));

  /** intel_pstate's governors in active mode. */
  public static final List<String> INTEL_PSTATE_GOVERNORS = List.of("performance", "powersave");

  /** The generic governors acpi-cpufreq offers, in the kernel's listing order. */
  public static final List<String> GENERIC_GOVERNORS =
      List.of("conservative", "ondemand", "userspace", "powersave", "performance", "schedutil");

  /** {@code energy_performance_available_preferences} with HWP. */
  public static final List<String> EPP_PREFERENCES =
      List.of("default", "performance", "balance_performance", "balance_power", "power");

  private static final Map<String, Supplier<HardwareModel>> NAMED = new LinkedHashMap<>();

  static {
    NAMED.put("spr-8480", HardwareModel::spr8480);
    NAMED.put("small", HardwareModel::small);
    NAMED.put("acpi", HardwareModel::acpi);
    NAMED.put("hybrid", HardwareModel::hybrid);
    NAMED.put("tpmi", HardwareModel::tpmi);
  }

  private final String name;
  private final CpufreqDriver driver;
  private final List<CpuSpec> cpus;
  private final CpuSet offline;
  private final List<String> governors;
  private final String defaultGovernor;
  private final List<String> eppPreferences;
  private final String defaultEpp;
  private final int balancePerformanceEpp;
  private final String idleDriver;
  private final List<IdleState> idleStates;
  private final List<UncoreDomain> uncoreDomains;

  private HardwareModel(
      String name,
      CpufreqDriver driver,
      List<CpuSpec> cpus,
      CpuSet offline,
      List<String> governors,
      String defaultGovernor,
      List<String> eppPreferences,
      String defaultEpp,
      int balancePerformanceEpp,
      String idleDriver,
      List<IdleState> idleStates,
      List<UncoreDomain> uncoreDomains) {
    this.name = name;
    this.driver = driver;
    this.cpus = List.copyOf(cpus);
    this.offline = offline;
    this.governors = List.copyOf(governors);
    this.defaultGovernor = defaultGovernor;
    this.eppPreferences = List.copyOf(eppPreferences);
    this.defaultEpp = defaultEpp;
    this.balancePerformanceEpp = balancePerformanceEpp;
    this.idleDriver = idleDriver;
    this.idleStates = List.copyOf(idleStates);
    this.uncoreDomains = List.copyOf(uncoreDomains);
  }

  /**
   * The named model: one of {@link #names()}, or {@code generic-C} for {@link #generic(int)}.
   *
   * @throws IllegalArgumentException naming the unknown model and listing the known ones
   */
  public static HardwareModel byName(String name) {
    Supplier<HardwareModel> model = NAMED.get(name);
    if (model != null) {
      return model.get();
    }
    if (name != null && name.matches("generic-[1-9][0-9]{0,3}")) {
      return generic(Integer.parseInt(name.substring("generic-".length())));
    }
    throw new IllegalArgumentException(
        "unknown hardware model \""
            + name
            + "\"; known models: "
            + String.join(", ", names())
            + ", generic-<cpus>");
  }

  /** The names {@link #byName(String)} knows, in a stable order. */
  public static Set<String> names() {
    return Collections.unmodifiableSet(NAMED.keySet());
  }

  /** 2 × Xeon Platinum 8480+, 224 CPUs (see the class comment and contracts §5.7). */
  public static HardwareModel spr8480() {
    return intelPstate("spr-8480", 224)
        .packages(2)
        .threadsPerCore(2)
        .frequencies(800_000, 3_800_000, 2_000_000)
        .epp("balance_performance", 32)
        .uncoreDomains(
            List.of(
                new UncoreDomain(0, 0, 800_000, 2_500_000),
                new UncoreDomain(1, 0, 1_000_000, 2_400_000)))
        .build();
  }

  /**
   * 32 CPUs in 2 packages, no HT, with the TPMI uncore layout of kernels 6.5+: {@code
   * uncore00}-{@code uncore03} (package 0 domains 0-1, package 1 domains 0-1, fabric cluster 0) and
   * no {@code package_XX_die_YY} directory; domain 0 800000/2200000, domain 1 (I/O)
   * 1000000/2500000.
   */
  public static HardwareModel tpmi() {
    return intelPstate("tpmi", 32)
        .packages(2)
        .uncoreDomains(
            List.of(
                UncoreDomain.tpmi(0, 0, 0, 800_000, 2_200_000),
                UncoreDomain.tpmi(1, 0, 1, 1_000_000, 2_500_000),
                UncoreDomain.tpmi(2, 1, 0, 800_000, 2_200_000),
                UncoreDomain.tpmi(3, 1, 1, 1_000_000, 2_500_000)))
        .build();
  }

  /** 8 CPUs, one package, no HT, intel_pstate 800000–3500000 kHz, base 2100000. */
  public static HardwareModel small() {
    return intelPstate("small", 8).build();
  }

  /** 16 CPUs with HT, acpi-cpufreq 1200000–2400000 kHz, no EPP, no base_frequency. */
  public static HardwareModel acpi() {
    return acpiCpufreq("acpi", 16).threadsPerCore(2).build();
  }

  /** 8 P-cores (CPUs 0-7) and 8 E-cores (CPUs 8-15) with different cpuinfo ranges. */
  public static HardwareModel hybrid() {
    return intelPstate("hybrid", 16)
        .frequencies(CpuSet.range(0, 7), 800_000, 4_700_000, 2_100_000)
        .frequencies(CpuSet.range(8, 15), 800_000, 3_400_000, 1_500_000)
        .idleStates(ADL_IDLE_STATES)
        .uncore(800_000, 3_600_000)
        .build();
  }

  /**
   * The node behind {@code --cpus C}: {@code small}'s settings with {@code cpus} CPUs, named {@code
   * generic-C}.
   */
  public static HardwareModel generic(int cpus) {
    return intelPstate("generic-" + cpus, cpus).build();
  }

  /**
   * A builder for an intel_pstate node: one package, no HT, 800000–3500000 kHz, base 2100000,
   * governor powersave, EPP balance_performance (128), the SPR idle states, one uncore domain per
   * package at 800000/2400000.
   */
  public static Builder intelPstate(String name, int cpus) {
    return new Builder(name, cpus, CpufreqDriver.INTEL_PSTATE)
        .frequencies(800_000, 3_500_000, 2_100_000)
        .governors("powersave", INTEL_PSTATE_GOVERNORS)
        .epp("balance_performance", 128)
        .idleStates("intel_idle", SPR_IDLE_STATES)
        .uncore(800_000, 2_400_000);
  }

  /**
   * A builder for an acpi-cpufreq node: one package, no HT, 1200000–2400000 kHz, no base frequency,
   * the generic governors (default schedutil), no EPP, acpi_idle states, no uncore.
   */
  public static Builder acpiCpufreq(String name, int cpus) {
    return new Builder(name, cpus, CpufreqDriver.ACPI_CPUFREQ)
        .frequencies(1_200_000, 2_400_000, 0)
        .governors("schedutil", GENERIC_GOVERNORS)
        .noEpp()
        .idleStates("acpi_idle", ACPI_IDLE_STATES)
        .noUncore();
  }

  /**
   * This model with {@code cpus} offline (replacing any earlier offline set): they keep their
   * number but leave {@code online}, show {@code online=0} and have no cpufreq, cpuidle or topology
   * directory.
   *
   * @throws IllegalArgumentException when a CPU does not exist or no CPU would stay online
   */
  public HardwareModel withOffline(CpuSet cpus) {
    checkOffline(name, cpus, this.cpus.size());
    return new HardwareModel(
        name,
        driver,
        this.cpus,
        cpus,
        governors,
        defaultGovernor,
        eppPreferences,
        defaultEpp,
        balancePerformanceEpp,
        idleDriver,
        idleStates,
        uncoreDomains);
  }

  /**
   * This model with the idle states named in {@code names} disabled at boot (on every CPU), as
   * {@code intel_idle.states_off} does.
   *
   * @throws IllegalArgumentException when the model has no such state
   */
  public HardwareModel withIdleStatesOffAtBoot(String... names) {
    List<IdleState> states = new ArrayList<>();
    List<String> wanted = new ArrayList<>(Arrays.asList(names));
    for (IdleState s : idleStates) {
      states.add(wanted.remove(s.name()) ? s.offAtBoot() : s);
    }
    if (!wanted.isEmpty()) {
      throw new IllegalArgumentException("model " + name + " has no idle states " + wanted);
    }
    return new HardwareModel(
        name,
        driver,
        cpus,
        offline,
        governors,
        defaultGovernor,
        eppPreferences,
        defaultEpp,
        balancePerformanceEpp,
        idleDriver,
        states,
        uncoreDomains);
  }

  private static void checkOffline(String name, CpuSet offline, int cpuCount) {
    if (!CpuSet.range(0, cpuCount - 1).containsAll(offline)) {
      throw new IllegalArgumentException(
          "model " + name + ": offline CPUs " + offline + " are not all in 0-" + (cpuCount - 1));
    }
    if (offline.size() == cpuCount) {
      throw new IllegalArgumentException("model " + name + ": every CPU would be offline");
    }
  }

  public String name() {
    return name;
  }

  public CpufreqDriver driver() {
    return driver;
  }

  /** Every CPU the machine has ({@code possible} and {@code present}), online or not. */
  public CpuSet possible() {
    return CpuSet.range(0, cpus.size() - 1);
  }

  /** The {@code online} cpulist: possible minus offline. */
  public CpuSet online() {
    return possible().minus(offline);
  }

  public CpuSet offline() {
    return offline;
  }

  /** All CPUs, index = CPU id. */
  public List<CpuSpec> cpus() {
    return cpus;
  }

  /**
   * One CPU by id.
   *
   * @throws IllegalArgumentException when the model has no such CPU
   */
  public CpuSpec cpu(int id) {
    if (id < 0 || id >= cpus.size()) {
      throw new IllegalArgumentException(
          "model " + name + " has no cpu " + id + " (CPUs 0-" + (cpus.size() - 1) + ")");
    }
    return cpus.get(id);
  }

  /** The online CPUs on the same core as {@code cpu}, itself included. */
  public CpuSet threadSiblings(int cpu) {
    CpuSpec spec = cpu(cpu);
    return onlineWhere(c -> c.packageId() == spec.packageId() && c.coreId() == spec.coreId());
  }

  /** The online CPUs of a package. */
  public CpuSet packageCpus(int packageId) {
    return onlineWhere(c -> c.packageId() == packageId);
  }

  /** The online CPUs of one die of a package. */
  public CpuSet dieCpus(int packageId, int dieId) {
    return onlineWhere(c -> c.packageId() == packageId && c.dieId() == dieId);
  }

  private CpuSet onlineWhere(Predicate<CpuSpec> test) {
    List<Integer> ids = new ArrayList<>();
    for (CpuSpec c : cpus) {
      if (!offline.contains(c.id()) && test.test(c)) {
        ids.add(c.id());
      }
    }
    return CpuSet.of(ids);
  }

  /** {@code scaling_available_governors}, in listing order. */
  public List<String> governors() {
    return governors;
  }

  /** The {@code scaling_governor} every CPU starts with. */
  public String defaultGovernor() {
    return defaultGovernor;
  }

  /** Whether the EPP files exist (intel_pstate with HWP). */
  public boolean hasEpp() {
    return !eppPreferences.isEmpty();
  }

  /** {@code energy_performance_available_preferences}; empty when there is no EPP. */
  public List<String> eppPreferences() {
    return eppPreferences;
  }

  /**
   * The EPP every CPU starts with, also what {@code default} means (the firmware value); null when
   * there is no EPP.
   */
  public String defaultEpp() {
    return defaultEpp;
  }

  /**
   * The HWP value behind {@code balance_performance}: 128, or 32 on Sapphire/Emerald Rapids. The
   * other strings are fixed: performance 0, balance_power 192, power 255.
   */
  public int balancePerformanceEpp() {
    return balancePerformanceEpp;
  }

  /** {@code cpuidle/current_driver}, e.g. {@code intel_idle}. */
  public String idleDriver() {
    return idleDriver;
  }

  /** The cpuidle states, index K = {@code stateK}. */
  public List<IdleState> idleStates() {
    return idleStates;
  }

  /** The uncore domains; empty when there is no {@code intel_uncore_frequency} directory. */
  public List<UncoreDomain> uncoreDomains() {
    return uncoreDomains;
  }

  @Override
  public String toString() {
    return "HardwareModel["
        + name
        + ", "
        + driver.sysfsName()
        + ", "
        + cpus.size()
        + " CPUs, online "
        + online()
        + "]";
  }

  /**
   * Builds a {@link HardwareModel}; start from {@link HardwareModel#intelPstate(String, int)} or
   * {@link HardwareModel#acpiCpufreq(String, int)}. Not thread-safe.
   */
  public static final class Builder {
    private String name;
    private final int cpuCount;
    private final CpufreqDriver driver;
    private int packages = 1;
    private int threadsPerCore = 1;
    private long minKhz;
    private long maxKhz;
    private long baseKhz;
    private final List<Map.Entry<CpuSet, long[]>> rangeOverrides = new ArrayList<>();
    private List<String> governors = List.of();
    private String defaultGovernor;
    private List<String> eppPreferences = List.of();
    private String defaultEpp;
    private int balancePerformanceEpp = 128;
    private String idleDriver;
    private List<IdleState> idleStates = List.of();
    private long uncoreMinKhz;
    private long uncoreMaxKhz;
    private List<UncoreDomain> explicitUncore;
    private CpuSet offline = CpuSet.empty();

    private Builder(String name, int cpuCount, CpufreqDriver driver) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("hardware model name is missing");
      }
      if (cpuCount < 1 || cpuCount > CpuSet.MAX_CPU + 1) {
        throw new IllegalArgumentException(
            "model " + name + ": CPU count " + cpuCount + " is not in 1-" + (CpuSet.MAX_CPU + 1));
      }
      this.name = name;
      this.cpuCount = cpuCount;
      this.driver = driver;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Splits the CPUs evenly over {@code packages} sockets (default 1). */
    public Builder packages(int packages) {
      this.packages = packages;
      return this;
    }

    /** 1 (no HT, the default) or 2 (HT: CPU i and i + cpus/2 are siblings). */
    public Builder threadsPerCore(int threads) {
      this.threadsPerCore = threads;
      return this;
    }

    /** cpuinfo min/max and base frequency of every CPU; {@code baseKhz} 0 means no file. */
    public Builder frequencies(long minKhz, long maxKhz, long baseKhz) {
      this.minKhz = minKhz;
      this.maxKhz = maxKhz;
      this.baseKhz = baseKhz;
      return this;
    }

    /** cpuinfo min/max and base frequency of some CPUs (hybrid core types); later calls win. */
    public Builder frequencies(CpuSet cpus, long minKhz, long maxKhz, long baseKhz) {
      rangeOverrides.add(Map.entry(cpus, new long[] {minKhz, maxKhz, baseKhz}));
      return this;
    }

    /** {@code scaling_available_governors} and the governor every CPU starts with. */
    public Builder governors(String defaultGovernor, List<String> available) {
      this.defaultGovernor = defaultGovernor;
      this.governors = List.copyOf(available);
      return this;
    }

    /**
     * EPP files with the standard preferences; every CPU starts at {@code defaultEpp}, and {@code
     * balancePerformanceValue} is the HWP value of {@code balance_performance} (128; 32 on SPR).
     */
    public Builder epp(String defaultEpp, int balancePerformanceValue) {
      this.eppPreferences = EPP_PREFERENCES;
      this.defaultEpp = defaultEpp;
      this.balancePerformanceEpp = balancePerformanceValue;
      return this;
    }

    /** No EPP files (acpi-cpufreq, or intel_pstate without HWP). */
    public Builder noEpp() {
      this.eppPreferences = List.of();
      this.defaultEpp = null;
      return this;
    }

    /** The cpuidle states, keeping the current idle driver. */
    public Builder idleStates(List<IdleState> states) {
      return idleStates(idleDriver, states);
    }

    /** The cpuidle driver name and its states. */
    public Builder idleStates(String driver, List<IdleState> states) {
      this.idleDriver = driver;
      this.idleStates = List.copyOf(states);
      return this;
    }

    /** One uncore domain per package (die 0) with these initial limits. */
    public Builder uncore(long initialMinKhz, long initialMaxKhz) {
      this.uncoreMinKhz = initialMinKhz;
      this.uncoreMaxKhz = initialMaxKhz;
      this.explicitUncore = null;
      return this;
    }

    /** These uncore domains instead of one per package. */
    public Builder uncoreDomains(List<UncoreDomain> domains) {
      this.explicitUncore = List.copyOf(domains);
      return this;
    }

    /** No {@code intel_uncore_frequency} directory. */
    public Builder noUncore() {
      return uncore(0, 0);
    }

    /** CPUs that are offline (gaps in {@code online}). */
    public Builder offline(CpuSet cpus) {
      this.offline = Objects.requireNonNull(cpus, "offline");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the model and the inconsistent setting
     */
    public HardwareModel build() {
      if (packages < 1 || threadsPerCore < 1 || threadsPerCore > 2) {
        throw new IllegalArgumentException(
            "model "
                + name
                + ": packages "
                + packages
                + " must be ≥ 1 and threads per core "
                + threadsPerCore
                + " must be 1 or 2");
      }
      if (cpuCount % (packages * threadsPerCore) != 0) {
        throw new IllegalArgumentException(
            "model "
                + name
                + ": "
                + cpuCount
                + " CPUs do not split evenly over "
                + packages
                + " packages × "
                + threadsPerCore
                + " threads");
      }
      if (!governors.contains(defaultGovernor)) {
        throw new IllegalArgumentException(
            "model " + name + ": default governor " + defaultGovernor + " is not in " + governors);
      }
      if (!eppPreferences.isEmpty() && !eppPreferences.contains(defaultEpp)) {
        throw new IllegalArgumentException(
            "model " + name + ": default EPP " + defaultEpp + " is not in " + eppPreferences);
      }
      if (balancePerformanceEpp < 0 || balancePerformanceEpp > 255) {
        throw new IllegalArgumentException(
            "model " + name + ": balance_performance EPP " + balancePerformanceEpp + " not 0-255");
      }
      if (!eppPreferences.isEmpty() && driver != CpufreqDriver.INTEL_PSTATE) {
        throw new IllegalArgumentException(
            "model " + name + ": EPP needs intel_pstate, not " + driver.sysfsName());
      }
      if (idleDriver == null) {
        throw new IllegalArgumentException("model " + name + ": cpuidle driver is missing");
      }
      checkOffline(name, offline, cpuCount);

      int coresPerPackage = cpuCount / (packages * threadsPerCore);
      int cpusPerThread = packages * coresPerPackage;
      long[][] ranges = new long[cpuCount][];
      Arrays.fill(ranges, new long[] {minKhz, maxKhz, baseKhz});
      for (Map.Entry<CpuSet, long[]> override : rangeOverrides) {
        for (int cpu : override.getKey()) {
          if (cpu >= cpuCount) {
            throw new IllegalArgumentException(
                "model " + name + ": frequency override names cpu " + cpu + " of " + cpuCount);
          }
          ranges[cpu] = override.getValue();
        }
      }
      List<CpuSpec> specs = new ArrayList<>(cpuCount);
      for (int id = 0; id < cpuCount; id++) {
        int inThread = id % cpusPerThread;
        long[] r = ranges[id];
        specs.add(
            new CpuSpec(
                id, inThread / coresPerPackage, 0, inThread % coresPerPackage, r[0], r[1], r[2]));
      }
      if (driver == CpufreqDriver.ACPI_CPUFREQ
          && specs.stream().anyMatch(CpuSpec::hasBaseFrequency)) {
        throw new IllegalArgumentException(
            "model " + name + ": acpi-cpufreq has no base_frequency; pass 0");
      }
      List<UncoreDomain> uncore = new ArrayList<>();
      if (explicitUncore != null) {
        uncore.addAll(explicitUncore);
      } else if (uncoreMaxKhz > 0) {
        for (int p = 0; p < packages; p++) {
          uncore.add(new UncoreDomain(p, 0, uncoreMinKhz, uncoreMaxKhz));
        }
      }
      return new HardwareModel(
          name,
          driver,
          specs,
          offline,
          governors,
          defaultGovernor,
          eppPreferences,
          defaultEpp,
          balancePerformanceEpp,
          idleDriver,
          idleStates,
          uncore);
    }
  }
}
