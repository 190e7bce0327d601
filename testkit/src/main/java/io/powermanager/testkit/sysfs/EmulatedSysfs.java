package io.powermanager.testkit.sysfs;

import io.powermanager.domain.CpuSet;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An emulated {@code /sys/devices/system/cpu} tree that follows the kernel's rules (contracts §5).
 *
 * <p>The emulated state is the truth. {@link #create(Path, HardwareModel)} also keeps it as real
 * files under a root directory, laid out as the kernel lays it out ({@code cpuN/cpufreq} is a
 * symlink to {@code cpufreq/policyN}), so a person or another process can read it; {@link
 * #inMemory(HardwareModel)} keeps no files (creating ~9,000 files for {@code spr-8480} takes
 * seconds on a slow disk; a tmpfs root is ~10× faster). Every write goes through {@link
 * #write(String, String)}, which judges it as the kernel would and then updates the files; writing
 * the files directly bypasses the rules and is not seen by {@link #read(String)}. Values are kept
 * without their newline and shown with one, as sysfs does.
 *
 * <h2>Files</h2>
 *
 * Global: {@code online}, {@code offline}, {@code possible}, {@code present}, {@code kernel_max},
 * {@code cpuidle/{current_driver,current_governor,available_governors}}, with intel_pstate {@code
 * intel_pstate/{status,no_turbo}} (otherwise {@code cpufreq/boost}), and per uncore domain {@code
 * intel_uncore_frequency/package_XX_die_YY/{initial_min_freq_khz,initial_max_freq_khz,min_freq_khz,max_freq_khz,current_freq_khz}}.
 * Per online CPU N: {@code cpuN/online} (N &gt; 0); {@code cpuN/cpufreq/{affected_cpus,
 * related_cpus, cpuinfo_min_freq, cpuinfo_max_freq, scaling_driver, scaling_available_governors,
 * scaling_governor, scaling_min_freq, scaling_max_freq, scaling_cur_freq}}, plus {@code
 * base_frequency} and {@code energy_performance_{preference,available_preferences}} with
 * intel_pstate, {@code scaling_available_frequencies} with acpi-cpufreq; {@code
 * cpuN/topology/{physical_package_id, die_id, core_id, thread_siblings_list, core_cpus_list,
 * package_cpus_list}}; {@code cpuN/cpuidle/stateK/{name, desc, latency, residency, disable, usage,
 * time}}.
 *
 * <h2>Write rules</h2>
 *
 * <ul>
 *   <li>Only these files are writable: {@code scaling_governor}, {@code scaling_min_freq}, {@code
 *       scaling_max_freq}, {@code energy_performance_preference}, {@code cpuidle/stateK/disable},
 *       {@code cpuidle/current_governor}, uncore {@code min_freq_khz}/{@code max_freq_khz} and the
 *       turbo switch ({@code intel_pstate/no_turbo}, {@code 1} = off; {@code cpufreq/boost}, {@code
 *       1} = on; kernel booleans): turbo off caps every CPU's window and {@code cpuinfo_max_freq}
 *       at its base frequency (acpi-cpufreq: its nominal maximum), and with {@link #lockTurbo()}
 *       switching it on is EPERM. Every other file rejects writes with {@link
 *       AccessDeniedException} ("Permission denied"): the read-only ones of the kernel, and also
 *       the writable knobs this emulator does not model ({@code cpuN/online} hotplug, {@code
 *       intel_pstate/status}). A missing file gives {@link NoSuchFileException}; files are never
 *       created.
 *   <li>One trailing newline is ignored. Numbers must be plain decimal digits, else EINVAL.
 *   <li>{@code scaling_governor}: one of {@code scaling_available_governors} (case-insensitive, as
 *       the kernel), else EINVAL. With intel_pstate, switching to {@code performance} saves the EPP
 *       and forces it to {@code performance}; switching back to {@code powersave} restores the
 *       saved EPP.
 *   <li>{@code energy_performance_preference}: one of {@code
 *       energy_performance_available_preferences} or an integer 0–255, else EINVAL; {@code default}
 *       means the model's {@link HardwareModel#defaultEpp()}. Under governor {@code performance}
 *       anything but {@code performance}/{@code 0} fails with EBUSY. Reading shows the string whose
 *       HWP value matches (performance 0, balance_performance {@link
 *       HardwareModel#balancePerformanceEpp()}, balance_power 192, power 255), else the number.
 *   <li>{@code scaling_min_freq}/{@code scaling_max_freq}: per {@link KernelSemantics} (default
 *       {@link KernelSemantics#FREQ_QOS}: clamped, never refused). With intel_pstate the effective
 *       values are rounded down to the 100 MHz P-state ratio (never below {@code
 *       cpuinfo_min_freq}); acpi-cpufreq keeps them as clamped.
 *   <li>{@code cpuidle/stateK/disable}: the kernel's {@code kstrtobool} ({@code 1 y Y t T e E},
 *       {@code 0 n N f F d D}, {@code on}, {@code off}), stored as 0/1, else EINVAL.
 *   <li>Uncore {@code min_freq_khz}/{@code max_freq_khz}: decimal, divided by 100000 (truncated to
 *       100 MHz); a ratio of 0 or above 127 is EINVAL, and so is a truncated value outside the
 *       domain's {@code initial_min_freq_khz}–{@code initial_max_freq_khz}. No min ≤ max check, as
 *       in the driver, unless {@link #strictUncoreOrder(boolean)} is on: then a write that would
 *       leave {@code min > max} is EINVAL (to prove that a writer orders its writes).
 *   <li>TPMI domains ({@code uncoreNN/}) also have read-only {@code package_id}, {@code domain_id}
 *       and {@code fabric_cluster_id}.
 * </ul>
 *
 * <h2>Derived files</h2>
 *
 * <ul>
 *   <li>{@code scaling_cur_freq}: the effective max under governor {@code performance}; the
 *       effective min under acpi-cpufreq's {@code powersave}; otherwise {@code min + busy × (max −
 *       min)} (rounded down to 100 MHz with intel_pstate, never below min), where busy is the CPU's
 *       load set by {@link #busy(int, double)}, 0.5 until set: the midpoint.
 *   <li>{@code cpuidle/stateK/usage} and {@code time} (µs): 0 at boot, advanced only by {@link
 *       #advanceIdle(int, int, long, long)} ({@link EmulatedTelemetry} drives them with a clock).
 *   <li>Uncore {@code current_freq_khz}: the current {@code max_freq_khz}.
 *   <li>Offline CPUs ({@link HardwareModel#withOffline(CpuSet)}) have only {@code cpuN/online} (0);
 *       topology lists name online CPUs only.
 * </ul>
 *
 * <h2>Test hooks</h2>
 *
 * Every call to {@code write} is counted (total and per path, accepted or not) and logged (the
 * latest {@value #WRITE_LOG_CAPACITY}); a {@link WriteInterceptor} can fail chosen writes; {@link
 * #cpu(int)} and {@link #uncore(int, int)} give typed reads for assertions.
 *
 * <p>Thread-safe: one lock guards reads, writes and the files' updates.
 */
public final class EmulatedSysfs {

  /** The text of EINVAL, the message of the IOException a rejected value gets. */
  public static final String EINVAL = "Invalid argument";

  /** The text of EBUSY: an EPP write under governor {@code performance}. */
  public static final String EBUSY = "Device or resource busy";

  /** The text of EIO, used by {@link WriteInterceptor#failNthWrite(long)}. */
  public static final String EIO = "Input/output error";

  /** The text of EPERM: turbo switched on while firmware keeps it off. */
  public static final String EPERM = "Operation not permitted";

  /** The text of EACCES, the reason of the AccessDeniedException a read-only file gives. */
  public static final String EACCES = "Permission denied";

  /** How many of the latest writes {@link #writeLog()} keeps. */
  public static final int WRITE_LOG_CAPACITY = 100_000;

  private static final Pattern POLICY_PATH = Pattern.compile("cpufreq/policy(\\d+)/(.+)");
  private static final long RATIO_KHZ = 100_000;
  private static final int EPP_PERFORMANCE = 0;
  private static final int EPP_BALANCE_POWER = 192;
  private static final int EPP_POWER = 255;
  private static final List<String> IDLE_GOVERNORS = List.of("ladder", "menu", "teo");

  /**
   * A CPU's load until {@link #busy(int, double)} sets it: its frequency is the window's middle.
   */
  public static final double DEFAULT_BUSY = 0.5;

  private enum Kind {
    READ_ONLY,
    GOVERNOR,
    EPP,
    MIN_FREQ,
    MAX_FREQ,
    IDLE_DISABLE,
    IDLE_GOVERNOR,
    UNCORE_MIN,
    UNCORE_MAX,
    NO_TURBO,
    BOOST
  }

  private static final class Node {
    final Kind kind;
    final int owner; // cpu id or uncore index; -1 when global
    String content;

    Node(Kind kind, int owner, String content) {
      this.kind = kind;
      this.owner = owner;
      this.content = content;
    }
  }

  private static final class CpuState {
    final CpuSpec spec;
    String governor;
    long minRequest;
    long maxRequest;
    int epp;
    int eppSaved;
    double busy = DEFAULT_BUSY;
    long[] idleUsage;
    long[] idleTimeUs;

    CpuState(CpuSpec spec) {
      this.spec = spec;
    }
  }

  private static final class UncoreState {
    final UncoreDomain domain;
    long minKhz;
    long maxKhz;

    UncoreState(UncoreDomain domain) {
      this.domain = domain;
      this.minKhz = domain.initialMinKhz();
      this.maxKhz = domain.initialMaxKhz();
    }

    String dir() {
      return "intel_uncore_frequency/" + domain.dirName() + "/";
    }
  }

  private final Object lock = new Object();
  private final Path root; // null: in memory only
  private final HardwareModel model;
  private final KernelSemantics semantics;
  private final Map<String, Node> files = new HashMap<>();
  private final CpuState[] cpus;
  private final UncoreState[] uncore;
  private long writeCount;
  private final Map<String, Long> writesByPath = new HashMap<>();
  private final ArrayDeque<SysfsWrite> writeLog = new ArrayDeque<>();
  private volatile WriteInterceptor interceptor;
  private boolean strictUncoreOrder;
  private boolean turboOff;
  private boolean turboLocked;

  private EmulatedSysfs(Path root, HardwareModel model, KernelSemantics semantics) {
    this.root = root;
    this.model = model;
    this.semantics = semantics;
    this.cpus = new CpuState[model.cpus().size()];
    this.uncore = new UncoreState[model.uncoreDomains().size()];
  }

  /**
   * A tree kept in memory only, with the same rules and hooks but no files: for tests that go
   * through {@link #read(String)} and {@link #write(String, String)} alone, and for benchmarks.
   * Creating a file costs about half a millisecond on some disks, and {@code spr-8480} has some
   * 9,000.
   */
  public static EmulatedSysfs inMemory(HardwareModel model, KernelSemantics semantics) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(semantics, "semantics");
    EmulatedSysfs sysfs = new EmulatedSysfs(null, model, semantics);
    synchronized (sysfs.lock) {
      try {
        sysfs.layOut();
      } catch (IOException e) {
        throw new IllegalStateException("in-memory sysfs touched a file", e);
      }
    }
    return sysfs;
  }

  /** {@link #inMemory(HardwareModel, KernelSemantics)} with {@link KernelSemantics#FREQ_QOS}. */
  public static EmulatedSysfs inMemory(HardwareModel model) {
    return inMemory(model, KernelSemantics.FREQ_QOS);
  }

  /**
   * {@link #create(Path, HardwareModel, KernelSemantics)} with {@link KernelSemantics#FREQ_QOS}.
   */
  public static EmulatedSysfs create(Path root, HardwareModel model) throws IOException {
    return create(root, model, KernelSemantics.FREQ_QOS);
  }

  /**
   * Lays out the model's tree under {@code root}, every CPU at the model's defaults (governor, EPP,
   * min = cpuinfo_min, max = cpuinfo_max, all idle states enabled, uncore at its initial limits).
   *
   * @param root a directory that is absent or empty; it becomes {@code /sys/devices/system/cpu}
   * @throws IllegalArgumentException when {@code root} holds files already
   */
  public static EmulatedSysfs create(Path root, HardwareModel model, KernelSemantics semantics)
      throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(semantics, "semantics");
    Path dir = root.toAbsolutePath().normalize();
    if (Files.exists(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("sysfs root " + dir + " is not empty");
        }
      }
    }
    Files.createDirectories(dir);
    EmulatedSysfs sysfs = new EmulatedSysfs(dir, model, semantics);
    synchronized (sysfs.lock) {
      sysfs.layOut();
    }
    return sysfs;
  }

  /** The directory standing for {@code /sys/devices/system/cpu}; empty for an in-memory tree. */
  public Optional<Path> root() {
    return Optional.ofNullable(root);
  }

  public HardwareModel model() {
    return model;
  }

  public KernelSemantics semantics() {
    return semantics;
  }

  // ---------------------------------------------------------------- reading and writing

  /**
   * What reading the file gives: its value and a newline, as the kernel shows it.
   *
   * @param relPath relative to the root, e.g. {@code cpu3/cpufreq/scaling_max_freq} or {@code
   *     cpufreq/policy3/scaling_max_freq}
   * @throws NoSuchFileException when the file does not exist (directories included)
   */
  public String read(String relPath) throws IOException {
    String key = canonical(relPath);
    synchronized (lock) {
      Node node = files.get(key);
      if (node == null) {
        throw new NoSuchFileException(displayPath(key));
      }
      return node.content + "\n";
    }
  }

  /** Whether the file exists in the emulated tree. */
  public boolean exists(String relPath) {
    String key = canonical(relPath);
    synchronized (lock) {
      return files.containsKey(key);
    }
  }

  /**
   * Writes {@code value} to the file as a process writing sysfs would, judged by the rules in the
   * class comment; on success the real files change with the state.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws AccessDeniedException when the file is read-only
   * @throws IOException with message {@link #EINVAL} or {@link #EBUSY} when the kernel refuses the
   *     value, or whatever the {@link WriteInterceptor} throws
   */
  public void write(String relPath, String value) throws IOException {
    Objects.requireNonNull(value, "value");
    String key = canonical(relPath);
    synchronized (lock) {
      writeCount++;
      writesByPath.merge(key, 1L, Long::sum);
      String error = "interrupted";
      try {
        WriteInterceptor hook = interceptor;
        if (hook != null) {
          hook.beforeWrite(key, value);
        }
        apply(key, value);
        error = null;
      } catch (FileSystemException e) {
        error = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        throw e;
      } catch (IOException | RuntimeException e) {
        error = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        throw e;
      } finally {
        if (writeLog.size() == WRITE_LOG_CAPACITY) {
          writeLog.removeFirst();
        }
        writeLog.addLast(new SysfsWrite(key, value, error));
      }
    }
  }

  private void apply(String key, String value) throws IOException {
    Node node = files.get(key);
    if (node == null) {
      throw new NoSuchFileException(displayPath(key));
    }
    String arg = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    switch (node.kind) {
      case READ_ONLY -> throw new AccessDeniedException(displayPath(key), null, EACCES);
      case GOVERNOR -> writeGovernor(cpus[node.owner], arg);
      case EPP -> writeEpp(cpus[node.owner], arg);
      case MIN_FREQ -> writeLimit(cpus[node.owner], arg, true);
      case MAX_FREQ -> writeLimit(cpus[node.owner], arg, false);
      case IDLE_DISABLE -> update(key, kstrtobool(arg) ? "1" : "0");
      case IDLE_GOVERNOR -> update(key, oneOf(arg.strip(), IDLE_GOVERNORS));
      case NO_TURBO -> switchTurbo(kstrtobool(arg.strip()));
      case BOOST -> switchTurbo(!kstrtobool(arg.strip()));
      case UNCORE_MIN -> {
        UncoreState u = uncore[node.owner];
        long khz = uncoreKhz(u, arg);
        if (strictUncoreOrder && khz > u.maxKhz) {
          throw new IOException(EINVAL);
        }
        u.minKhz = khz;
        renderUncore(u);
      }
      case UNCORE_MAX -> {
        UncoreState u = uncore[node.owner];
        long khz = uncoreKhz(u, arg);
        if (strictUncoreOrder && khz < u.minKhz) {
          throw new IOException(EINVAL);
        }
        u.maxKhz = khz;
        renderUncore(u);
      }
    }
  }

  /**
   * Turbo on or off for the whole node ({@code intel_pstate/no_turbo}, {@code cpufreq/boost}): off
   * caps every CPU at its base frequency ({@link #turboCeiling}), and {@code cpuinfo_max_freq}
   * shows the cap (recent intel_pstate kernels); switching it on while firmware keeps it off
   * ({@link #lockTurbo()}) is EPERM.
   */
  private void switchTurbo(boolean off) throws IOException {
    if (turboLocked && !off) {
      throw new IOException(EPERM);
    }
    turboOff = off;
    renderTurbo();
  }

  private void renderTurbo() throws IOException {
    if (files.containsKey("intel_pstate/no_turbo")) {
      update("intel_pstate/no_turbo", turboOff ? "1" : "0");
    }
    if (files.containsKey("cpufreq/boost")) {
      update("cpufreq/boost", turboOff ? "0" : "1");
    }
    for (CpuState cpu : cpus) {
      if (cpu != null) {
        update(
            "cpu" + cpu.spec.id() + "/cpufreq/cpuinfo_max_freq",
            Long.toString(turboCeiling(cpu.spec)));
        renderCpu(cpu);
      }
    }
  }

  /**
   * The highest frequency a CPU reaches now: {@code cpuinfo_max} with turbo on; with turbo off its
   * base frequency, or for acpi-cpufreq its nominal maximum (the kernel reports turbo as nominal +
   * 1 MHz).
   */
  private long turboCeiling(CpuSpec spec) {
    if (!turboOff) {
      return spec.cpuinfoMaxKhz();
    }
    if (spec.hasBaseFrequency()) {
      return spec.baseFrequencyKhz();
    }
    long max = spec.cpuinfoMaxKhz();
    return max % RATIO_KHZ == 1_000 ? max - 1_000 : max;
  }

  /**
   * Firmware turns turbo off and keeps it off: the switch reads off, and switching it on fails with
   * EPERM from now on.
   */
  public void lockTurbo() throws IOException {
    synchronized (lock) {
      turboLocked = true;
      turboOff = true;
      renderTurbo();
    }
  }

  /** Whether turbo is off now (the switch's state). */
  public boolean turboOff() {
    synchronized (lock) {
      return turboOff;
    }
  }

  private void writeGovernor(CpuState cpu, String arg) throws IOException {
    String governor = oneOf(arg.strip(), model.governors());
    switchGovernor(cpu, governor);
    renderCpu(cpu);
  }

  private void switchGovernor(CpuState cpu, String governor) {
    if (model.hasEpp()) {
      boolean wasPerformance = "performance".equals(cpu.governor);
      boolean isPerformance = "performance".equals(governor);
      if (isPerformance && !wasPerformance) {
        cpu.eppSaved = cpu.epp;
        cpu.epp = EPP_PERFORMANCE;
      } else if (!isPerformance && wasPerformance) {
        cpu.epp = cpu.eppSaved;
      }
    }
    cpu.governor = governor;
  }

  private void writeEpp(CpuState cpu, String arg) throws IOException {
    String text = arg.strip();
    int epp;
    if (model.eppPreferences().contains(text)) {
      epp = eppValue("default".equals(text) ? model.defaultEpp() : text);
    } else if (isDigits(text) && text.length() <= 3 && Integer.parseInt(text) <= 255) {
      epp = Integer.parseInt(text);
    } else {
      throw new IOException(EINVAL);
    }
    if ("performance".equals(cpu.governor)) {
      if (epp != EPP_PERFORMANCE) {
        throw new IOException(EBUSY);
      }
      return; // already forced to performance; the saved powersave EPP stays
    }
    cpu.epp = epp;
    renderCpu(cpu);
  }

  private void writeLimit(CpuState cpu, String arg, boolean isMin) throws IOException {
    if (!isDigits(arg) || arg.length() > 10 || Long.parseLong(arg) > 0xFFFF_FFFFL) {
      throw new IOException(EINVAL);
    }
    long khz = Long.parseLong(arg);
    if (semantics == KernelSemantics.LEGACY) {
      long[] now = effective(cpu);
      if (isMin ? khz > now[1] : khz < now[0]) {
        throw new IOException(EINVAL);
      }
    }
    if (isMin) {
      cpu.minRequest = khz;
    } else {
      cpu.maxRequest = khz;
    }
    if (semantics == KernelSemantics.LEGACY) {
      long[] now = effective(cpu);
      cpu.minRequest = now[0];
      cpu.maxRequest = now[1];
    }
    renderCpu(cpu);
  }

  /** {min, max} as the policy holds them after clamping (and ratio rounding for intel_pstate). */
  private long[] effective(CpuState cpu) {
    CpuSpec spec = cpu.spec;
    long max = clamp(cpu.maxRequest, spec.cpuinfoMinKhz(), turboCeiling(spec));
    long min = clamp(cpu.minRequest, spec.cpuinfoMinKhz(), max);
    if (model.driver() == CpufreqDriver.INTEL_PSTATE) {
      max = Math.max(spec.cpuinfoMinKhz(), max - max % RATIO_KHZ);
      min = Math.max(spec.cpuinfoMinKhz(), min - min % RATIO_KHZ);
    }
    return new long[] {min, max};
  }

  private long curKhz(CpuState cpu, long[] limits) {
    if ("performance".equals(cpu.governor)) {
      return limits[1];
    }
    if ("powersave".equals(cpu.governor) && model.driver() == CpufreqDriver.ACPI_CPUFREQ) {
      return limits[0];
    }
    long mid = limits[0] + (long) ((limits[1] - limits[0]) * cpu.busy);
    if (model.driver() == CpufreqDriver.INTEL_PSTATE) {
      mid = Math.max(limits[0], mid - mid % RATIO_KHZ);
    }
    return mid;
  }

  private static long uncoreKhz(UncoreState u, String arg) throws IOException {
    if (!isDigits(arg) || arg.length() > 10 || Long.parseLong(arg) > 0xFFFF_FFFFL) {
      throw new IOException(EINVAL);
    }
    long ratio = Long.parseLong(arg) / RATIO_KHZ;
    if (ratio == 0 || ratio > 127) {
      throw new IOException(EINVAL);
    }
    long khz = ratio * RATIO_KHZ;
    if (khz < u.domain.initialMinKhz() || khz > u.domain.initialMaxKhz()) {
      throw new IOException(EINVAL);
    }
    return khz;
  }

  /**
   * Strict uncore ordering: from now on a {@code min_freq_khz} or {@code max_freq_khz} write that
   * would leave the domain with {@code min > max} fails with EINVAL and changes nothing.
   */
  public void strictUncoreOrder(boolean strict) {
    synchronized (lock) {
      this.strictUncoreOrder = strict;
    }
  }

  /**
   * The names in a directory, sorted, as listing it shows them (files and subdirectories).
   *
   * @throws NoSuchFileException when no file lies under {@code relDir}
   */
  public List<String> list(String relDir) throws IOException {
    String key = canonical(relDir);
    String prefix = key + "/";
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    synchronized (lock) {
      for (String path : files.keySet()) {
        if (path.startsWith(prefix)) {
          String rest = path.substring(prefix.length());
          int slash = rest.indexOf('/');
          names.add(slash < 0 ? rest : rest.substring(0, slash));
        }
      }
    }
    if (names.isEmpty()) {
      throw new NoSuchFileException(displayPath(key));
    }
    return List.copyOf(names);
  }

  private static boolean kstrtobool(String arg) throws IOException {
    if (!arg.isEmpty()) {
      switch (arg.charAt(0)) {
        case '1', 'y', 'Y', 't', 'T', 'e', 'E':
          return true;
        case '0', 'n', 'N', 'f', 'F', 'd', 'D':
          return false;
        case 'o', 'O':
          if (arg.length() > 1) {
            char second = arg.charAt(1);
            if (second == 'n' || second == 'N') {
              return true;
            }
            if (second == 'f' || second == 'F') {
              return false;
            }
          }
          break;
        default:
          break;
      }
    }
    throw new IOException(EINVAL);
  }

  private static String oneOf(String value, List<String> allowed) throws IOException {
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new IOException(EINVAL);
  }

  private int eppValue(String preference) {
    return switch (preference) {
      case "performance" -> EPP_PERFORMANCE;
      case "balance_performance" -> model.balancePerformanceEpp();
      case "balance_power" -> EPP_BALANCE_POWER;
      case "power" -> EPP_POWER;
      default -> throw new IllegalStateException("no HWP value for EPP " + preference);
    };
  }

  private String eppText(int epp) {
    if (epp == EPP_PERFORMANCE) {
      return "performance";
    }
    if (epp == model.balancePerformanceEpp()) {
      return "balance_performance";
    }
    if (epp == EPP_BALANCE_POWER) {
      return "balance_power";
    }
    if (epp == EPP_POWER) {
      return "power";
    }
    return Integer.toString(epp);
  }

  private static boolean isDigits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static long clamp(long value, long low, long high) {
    return Math.max(low, Math.min(high, value));
  }

  /** Every file path in the emulated tree, canonical form, sorted. */
  public List<String> paths() {
    synchronized (lock) {
      return files.keySet().stream().sorted().toList();
    }
  }

  // ---------------------------------------------------------------- load and idle counters

  /**
   * Sets an online CPU's load (the share of time it is busy, 0–1); {@code scaling_cur_freq} follows
   * it (see the class comment).
   *
   * @throws IllegalArgumentException when the CPU is not online or the fraction is not in 0–1
   */
  public void busy(int cpu, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("busy fraction " + fraction + " is not in 0-1");
    }
    synchronized (lock) {
      CpuState state = online(cpu);
      state.busy = fraction;
      try {
        renderCpu(state);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** An online CPU's load as {@link #busy(int, double)} set it. */
  public double busy(int cpu) {
    synchronized (lock) {
      return online(cpu).busy;
    }
  }

  /**
   * Adds to the cumulative counters of one idle state of an online CPU, as the kernel does when the
   * CPU leaves it: {@code usage} by {@code entries}, {@code time} by {@code timeUs}.
   *
   * @throws IllegalArgumentException when the CPU is not online, the state does not exist or an
   *     amount is negative
   */
  public void advanceIdle(int cpu, int state, long timeUs, long entries) {
    if (timeUs < 0 || entries < 0) {
      throw new IllegalArgumentException(
          "idle counters only grow: time " + timeUs + " µs, entries " + entries);
    }
    synchronized (lock) {
      CpuState c = online(cpu);
      if (state < 0 || state >= c.idleUsage.length) {
        throw new IllegalArgumentException(
            "model " + model.name() + " has no idle state " + state + " on cpu " + cpu);
      }
      c.idleUsage[state] += entries;
      c.idleTimeUs[state] += timeUs;
      String dir = "cpu" + cpu + "/cpuidle/state" + state + "/";
      try {
        update(dir + "usage", Long.toString(c.idleUsage[state]));
        update(dir + "time", Long.toString(c.idleTimeUs[state]));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private CpuState online(int cpu) {
    model.cpu(cpu);
    if (cpus[cpu] == null) {
      throw new IllegalArgumentException("cpu " + cpu + " is offline in model " + model.name());
    }
    return cpus[cpu];
  }

  // ---------------------------------------------------------------- test hooks

  /** Every {@code write} call so far (accepted, refused or failed by the interceptor). */
  public long writeCount() {
    synchronized (lock) {
      return writeCount;
    }
  }

  /** The {@code write} calls to one file; either path form counts as the same file. */
  public long writeCount(String relPath) {
    String key = canonical(relPath);
    synchronized (lock) {
      return writesByPath.getOrDefault(key, 0L);
    }
  }

  /** The latest writes, oldest first (at most {@value #WRITE_LOG_CAPACITY}). */
  public List<SysfsWrite> writeLog() {
    synchronized (lock) {
      return List.copyOf(writeLog);
    }
  }

  /** Zeroes the counters and empties the write log (the tree keeps its state). */
  public void resetWriteCounts() {
    synchronized (lock) {
      writeCount = 0;
      writesByPath.clear();
      writeLog.clear();
    }
  }

  /** Installs the hook that sees each write first; null removes it. */
  public void interceptor(WriteInterceptor hook) {
    this.interceptor = hook;
  }

  /** Removes the write hook. */
  public void clearInterceptor() {
    this.interceptor = null;
  }

  /**
   * Typed reads of one CPU's files.
   *
   * @throws IllegalArgumentException when the CPU does not exist or is offline
   */
  public CpuView cpu(int cpu) {
    model.cpu(cpu);
    if (cpus[cpu] == null) {
      throw new IllegalArgumentException("cpu " + cpu + " is offline in model " + model.name());
    }
    return new CpuView(cpu);
  }

  /**
   * Typed reads of one uncore domain.
   *
   * @throws IllegalArgumentException when the model has no such domain
   */
  public UncoreView uncore(int packageId, int dieId) {
    for (UncoreState u : uncore) {
      if (u.domain.packageId() == packageId && u.domain.dieId() == dieId) {
        return new UncoreView(u.dir());
      }
    }
    throw new IllegalArgumentException(
        "model " + model.name() + " has no uncore package " + packageId + " die " + dieId);
  }

  private String content(String key) {
    synchronized (lock) {
      Node node = files.get(key);
      if (node == null) {
        throw new IllegalStateException("model " + model.name() + " has no file " + key);
      }
      return node.content;
    }
  }

  /** Typed reads of one online CPU, for assertions; each call reads the current state. */
  public final class CpuView {
    private final int cpu;

    private CpuView(int cpu) {
      this.cpu = cpu;
    }

    private String file(String name) {
      return content("cpu" + cpu + "/cpufreq/" + name);
    }

    public int id() {
      return cpu;
    }

    /** {@code scaling_min_freq}. */
    public long scalingMinKhz() {
      return Long.parseLong(file("scaling_min_freq"));
    }

    /** {@code scaling_max_freq}. */
    public long scalingMaxKhz() {
      return Long.parseLong(file("scaling_max_freq"));
    }

    /** {@code scaling_cur_freq}. */
    public long scalingCurKhz() {
      return Long.parseLong(file("scaling_cur_freq"));
    }

    /** {@code scaling_governor}. */
    public String governor() {
      return file("scaling_governor");
    }

    /**
     * {@code energy_performance_preference} as shown (a preference name or a number).
     *
     * @throws IllegalStateException when the model has no EPP
     */
    public String epp() {
      return file("energy_performance_preference");
    }

    /**
     * Whether the idle state with this {@code name} (e.g. {@code C6}) is disabled on this CPU.
     *
     * @throws IllegalArgumentException when the model has no such state
     */
    public boolean idleStateDisabled(String name) {
      List<IdleState> states = model.idleStates();
      for (int k = 0; k < states.size(); k++) {
        if (states.get(k).name().equals(name)) {
          return "1".equals(content("cpu" + cpu + "/cpuidle/state" + k + "/disable"));
        }
      }
      throw new IllegalArgumentException(
          "model " + model.name() + " has no idle state " + name + "; it has " + states);
    }

    @Override
    public String toString() {
      return "cpu"
          + cpu
          + "["
          + governor()
          + " "
          + scalingMinKhz()
          + "-"
          + scalingMaxKhz()
          + (model.hasEpp() ? " " + epp() : "")
          + "]";
    }
  }

  /** Typed reads of one uncore domain, for assertions. */
  public final class UncoreView {
    private final String dir;

    private UncoreView(String dir) {
      this.dir = dir;
    }

    /** {@code min_freq_khz}. */
    public long minKhz() {
      return Long.parseLong(content(dir + "min_freq_khz"));
    }

    /** {@code max_freq_khz}. */
    public long maxKhz() {
      return Long.parseLong(content(dir + "max_freq_khz"));
    }

    /** {@code current_freq_khz}. */
    public long currentKhz() {
      return Long.parseLong(content(dir + "current_freq_khz"));
    }
  }

  // ---------------------------------------------------------------- paths

  /**
   * The canonical form of a path relative to the root: normalized, with {@code cpufreq/policyN/...}
   * turned into {@code cpuN/cpufreq/...}.
   *
   * @throws IllegalArgumentException when the path is empty, absolute or leaves the root
   */
  static String canonical(String relPath) {
    if (relPath == null || relPath.isBlank()) {
      throw new IllegalArgumentException("sysfs path is missing");
    }
    Path path = Path.of(relPath).normalize();
    if (path.isAbsolute() || path.startsWith("..") || path.toString().isEmpty()) {
      throw new IllegalArgumentException(
          "sysfs path \"" + relPath + "\" must be relative to the cpu root and stay inside it");
    }
    String text = path.toString();
    Matcher policy = POLICY_PATH.matcher(text);
    return policy.matches() ? "cpu" + policy.group(1) + "/cpufreq/" + policy.group(2) : text;
  }

  // ---------------------------------------------------------------- the tree

  private void layOut() throws IOException {
    CpuSet online = model.online();
    CpuSet possible = model.possible();
    put("online", Kind.READ_ONLY, -1, online.toString());
    put("offline", Kind.READ_ONLY, -1, model.offline().toString());
    put("possible", Kind.READ_ONLY, -1, possible.toString());
    put("present", Kind.READ_ONLY, -1, possible.toString());
    put("kernel_max", Kind.READ_ONLY, -1, Integer.toString(CpuSet.MAX_CPU));
    put("cpuidle/current_driver", Kind.READ_ONLY, -1, model.idleDriver());
    put("cpuidle/current_governor", Kind.IDLE_GOVERNOR, -1, "menu");
    put("cpuidle/available_governors", Kind.READ_ONLY, -1, String.join(" ", IDLE_GOVERNORS));
    if (model.driver() == CpufreqDriver.INTEL_PSTATE) {
      put("intel_pstate/status", Kind.READ_ONLY, -1, "active");
      put("intel_pstate/no_turbo", Kind.NO_TURBO, -1, "0");
    } else {
      put("cpufreq/boost", Kind.BOOST, -1, "1");
    }
    for (CpuSpec spec : model.cpus()) {
      int n = spec.id();
      String cpuDir = "cpu" + n + "/";
      if (root != null) {
        Files.createDirectories(root.resolve(cpuDir));
      }
      if (n > 0) {
        put(cpuDir + "online", Kind.READ_ONLY, n, online.contains(n) ? "1" : "0");
      }
      if (online.contains(n)) {
        layOutCpu(spec);
      }
    }
    for (int i = 0; i < uncore.length; i++) {
      UncoreState u = new UncoreState(model.uncoreDomains().get(i));
      uncore[i] = u;
      put(u.dir() + "initial_min_freq_khz", Kind.READ_ONLY, i, Long.toString(u.minKhz));
      put(u.dir() + "initial_max_freq_khz", Kind.READ_ONLY, i, Long.toString(u.maxKhz));
      put(u.dir() + "min_freq_khz", Kind.UNCORE_MIN, i, "");
      put(u.dir() + "max_freq_khz", Kind.UNCORE_MAX, i, "");
      put(u.dir() + "current_freq_khz", Kind.READ_ONLY, i, "");
      if (u.domain.isTpmi()) {
        put(u.dir() + "package_id", Kind.READ_ONLY, i, Integer.toString(u.domain.packageId()));
        put(u.dir() + "domain_id", Kind.READ_ONLY, i, Integer.toString(u.domain.dieId()));
        put(u.dir() + "fabric_cluster_id", Kind.READ_ONLY, i, "0");
      }
      renderUncore(u);
    }
  }

  private void layOutCpu(CpuSpec spec) throws IOException {
    int n = spec.id();
    CpuState cpu = new CpuState(spec);
    cpus[n] = cpu;
    cpu.governor = "powersave";
    cpu.minRequest = spec.cpuinfoMinKhz();
    cpu.maxRequest = spec.cpuinfoMaxKhz();
    if (model.hasEpp()) {
      cpu.epp = eppValue(model.defaultEpp());
      cpu.eppSaved = cpu.epp;
    }
    switchGovernor(cpu, model.defaultGovernor());

    if (root != null) {
      Files.createDirectories(root.resolve("cpufreq/policy" + n));
      Files.createSymbolicLink(
          root.resolve("cpu" + n + "/cpufreq"), Path.of("..", "cpufreq", "policy" + n));
    }
    String freq = "cpu" + n + "/cpufreq/";
    put(freq + "affected_cpus", Kind.READ_ONLY, n, Integer.toString(n));
    put(freq + "related_cpus", Kind.READ_ONLY, n, Integer.toString(n));
    put(freq + "cpuinfo_min_freq", Kind.READ_ONLY, n, Long.toString(spec.cpuinfoMinKhz()));
    put(freq + "cpuinfo_max_freq", Kind.READ_ONLY, n, Long.toString(spec.cpuinfoMaxKhz()));
    if (spec.hasBaseFrequency()) {
      put(freq + "base_frequency", Kind.READ_ONLY, n, Long.toString(spec.baseFrequencyKhz()));
    }
    if (model.driver() == CpufreqDriver.ACPI_CPUFREQ) {
      StringJoiner steps = new StringJoiner(" ");
      for (long f = spec.cpuinfoMaxKhz(); f >= spec.cpuinfoMinKhz(); f -= RATIO_KHZ) {
        steps.add(Long.toString(f));
      }
      put(freq + "scaling_available_frequencies", Kind.READ_ONLY, n, steps.toString());
    }
    put(freq + "scaling_driver", Kind.READ_ONLY, n, model.driver().sysfsName());
    put(
        freq + "scaling_available_governors",
        Kind.READ_ONLY,
        n,
        String.join(" ", model.governors()));
    put(freq + "scaling_governor", Kind.GOVERNOR, n, "");
    put(freq + "scaling_min_freq", Kind.MIN_FREQ, n, "");
    put(freq + "scaling_max_freq", Kind.MAX_FREQ, n, "");
    put(freq + "scaling_cur_freq", Kind.READ_ONLY, n, "");
    if (model.hasEpp()) {
      put(
          freq + "energy_performance_available_preferences",
          Kind.READ_ONLY,
          n,
          String.join(" ", model.eppPreferences()));
      put(freq + "energy_performance_preference", Kind.EPP, n, "");
    }
    renderCpu(cpu);

    String topo = "cpu" + n + "/topology/";
    CpuSet siblings = model.threadSiblings(n);
    CpuSet packageCpus = model.packageCpus(spec.packageId());
    put(topo + "physical_package_id", Kind.READ_ONLY, n, Integer.toString(spec.packageId()));
    put(topo + "die_id", Kind.READ_ONLY, n, Integer.toString(spec.dieId()));
    put(topo + "core_id", Kind.READ_ONLY, n, Integer.toString(spec.coreId()));
    put(topo + "thread_siblings_list", Kind.READ_ONLY, n, siblings.toString());
    put(topo + "core_cpus_list", Kind.READ_ONLY, n, siblings.toString());
    put(topo + "package_cpus_list", Kind.READ_ONLY, n, packageCpus.toString());

    List<IdleState> states = model.idleStates();
    for (int k = 0; k < states.size(); k++) {
      IdleState state = states.get(k);
      String dir = "cpu" + n + "/cpuidle/state" + k + "/";
      put(dir + "name", Kind.READ_ONLY, n, state.name());
      put(dir + "desc", Kind.READ_ONLY, n, state.desc());
      put(dir + "latency", Kind.READ_ONLY, n, Integer.toString(state.latencyUs()));
      put(dir + "residency", Kind.READ_ONLY, n, Integer.toString(state.residencyUs()));
      put(dir + "disable", Kind.IDLE_DISABLE, n, state.disabledAtBoot() ? "1" : "0");
      put(
          dir + "default_status",
          Kind.READ_ONLY,
          n,
          state.disabledAtBoot() ? "disabled" : "enabled");
      put(dir + "usage", Kind.READ_ONLY, n, "0");
      put(dir + "time", Kind.READ_ONLY, n, "0");
    }
    cpu.idleUsage = new long[states.size()];
    cpu.idleTimeUs = new long[states.size()];
  }

  private void renderCpu(CpuState cpu) throws IOException {
    String freq = "cpu" + cpu.spec.id() + "/cpufreq/";
    long[] limits = effective(cpu);
    update(freq + "scaling_governor", cpu.governor);
    update(freq + "scaling_min_freq", Long.toString(limits[0]));
    update(freq + "scaling_max_freq", Long.toString(limits[1]));
    update(freq + "scaling_cur_freq", Long.toString(curKhz(cpu, limits)));
    if (model.hasEpp()) {
      update(freq + "energy_performance_preference", eppText(cpu.epp));
    }
  }

  private void renderUncore(UncoreState u) throws IOException {
    update(u.dir() + "min_freq_khz", Long.toString(u.minKhz));
    update(u.dir() + "max_freq_khz", Long.toString(u.maxKhz));
    update(u.dir() + "current_freq_khz", Long.toString(u.maxKhz));
  }

  private void put(String key, Kind kind, int owner, String content) throws IOException {
    files.put(key, new Node(kind, owner, content));
    if (root != null) {
      Path file = root.resolve(key);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content + "\n");
    }
  }

  private void update(String key, String content) throws IOException {
    Node node = files.get(key);
    if (!node.content.equals(content)) {
      node.content = content;
      if (root != null) {
        Files.writeString(root.resolve(key), content + "\n");
      }
    }
  }

  /** The file's real path, or its path under /sys for an in-memory tree. */
  private String displayPath(String key) {
    return root != null ? root.resolve(key).toString() : "/sys/devices/system/cpu/" + key;
  }

  @Override
  public String toString() {
    return "EmulatedSysfs["
        + model.name()
        + (root != null ? " at " + root : " in memory")
        + ", "
        + semantics
        + ", online "
        + model.online()
        + "]";
  }
}
