package io.powermanager.testkit.sysfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An emulated {@code /sys/class/powercap} with the intel-rapl control type: per package {@code
 * intel-rapl:P/{name,energy_uj,max_energy_range_uj,enabled}} ({@code name} {@code package-P}) and
 * its core subzone {@code intel-rapl:P:0} ({@code name} {@code core}). {@code energy_uj} counts
 * micro-joules and wraps to 0 at {@code max_energy_range_uj}, as the hardware counter does. Every
 * file is read-only (power limits are not modelled): a write gives {@link AccessDeniedException}, a
 * missing file {@link NoSuchFileException}. Energy only grows through {@link #addEnergy}; {@link
 * EmulatedTelemetry} drives it with a clock.
 *
 * <p>Like {@link EmulatedSysfs}, the emulated state is the truth and, when made with a root, is
 * also kept as real files. Thread-safe.
 */
public final class EmulatedPowercap {

  /** {@code max_energy_range_uj} of a real Xeon package zone (about 262 kJ). */
  public static final long XEON_MAX_ENERGY_RANGE_UJ = 262_143_328_850L;

  private final Object lock = new Object();
  private final Path root;
  private final long maxEnergyRangeUj;
  private final Map<String, String> files = new LinkedHashMap<>();
  private final long[] packageUj;
  private final long[] coreUj;
  private final double[] packageFraction;
  private final double[] coreFraction;

  private EmulatedPowercap(Path root, int packages, long maxEnergyRangeUj) throws IOException {
    if (packages < 1) {
      throw new IllegalArgumentException("a RAPL tree needs at least one package, got " + packages);
    }
    if (maxEnergyRangeUj < 1) {
      throw new IllegalArgumentException(
          "max_energy_range_uj must be positive, got " + maxEnergyRangeUj);
    }
    this.root = root;
    this.maxEnergyRangeUj = maxEnergyRangeUj;
    this.packageUj = new long[packages];
    this.coreUj = new long[packages];
    this.packageFraction = new double[packages];
    this.coreFraction = new double[packages];
    for (int p = 0; p < packages; p++) {
      layOutZone(packageZone(p), "package-" + p);
      layOutZone(coreZone(p), "core");
    }
  }

  /**
   * The RAPL tree of a node of {@code model}, kept in memory, or empty when the model has none:
   * intel_pstate models have one package zone per package with the Xeon counter range; others
   * (acpi-cpufreq) have no RAPL, as on many virtual machines.
   */
  public static Optional<EmulatedPowercap> inMemory(HardwareModel model) {
    return hasRapl(model)
        ? Optional.of(inMemory(packages(model), XEON_MAX_ENERGY_RANGE_UJ))
        : Optional.empty();
  }

  /** A tree kept in memory with {@code packages} package zones wrapping at {@code maxRangeUj}. */
  public static EmulatedPowercap inMemory(int packages, long maxRangeUj) {
    try {
      return new EmulatedPowercap(null, packages, maxRangeUj);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory powercap touched a file", e);
    }
  }

  /**
   * {@link #inMemory(HardwareModel)} kept as files under {@code root} (standing for {@code
   * /sys/class/powercap}; absent or empty), or empty without RAPL (nothing is created then).
   */
  public static Optional<EmulatedPowercap> create(Path root, HardwareModel model)
      throws IOException {
    return hasRapl(model)
        ? Optional.of(create(root, packages(model), XEON_MAX_ENERGY_RANGE_UJ))
        : Optional.empty();
  }

  /** A tree of {@code packages} zones kept as files under {@code root} (absent or empty). */
  public static EmulatedPowercap create(Path root, int packages, long maxRangeUj)
      throws IOException {
    Path dir = root.toAbsolutePath().normalize();
    if (Files.exists(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("powercap root " + dir + " is not empty");
        }
      }
    }
    Files.createDirectories(dir);
    return new EmulatedPowercap(dir, packages, maxRangeUj);
  }

  /** Whether nodes of this model have RAPL: the intel_pstate ones. */
  public static boolean hasRapl(HardwareModel model) {
    return model.driver() == CpufreqDriver.INTEL_PSTATE;
  }

  private static int packages(HardwareModel model) {
    return (int) model.cpus().stream().mapToInt(CpuSpec::packageId).distinct().count();
  }

  /** {@code intel-rapl:P}. */
  public static String packageZone(int p) {
    return "intel-rapl:" + p;
  }

  /** {@code intel-rapl:P:0}, the core subzone. */
  public static String coreZone(int p) {
    return "intel-rapl:" + p + ":0";
  }

  private void layOutZone(String zone, String name) throws IOException {
    put(zone + "/name", name);
    put(zone + "/enabled", "1");
    put(zone + "/max_energy_range_uj", Long.toString(maxEnergyRangeUj));
    put(zone + "/energy_uj", "0");
  }

  /** The directory standing for {@code /sys/class/powercap}; empty for an in-memory tree. */
  public Optional<Path> root() {
    return Optional.ofNullable(root);
  }

  public int packages() {
    return packageUj.length;
  }

  public long maxEnergyRangeUj() {
    return maxEnergyRangeUj;
  }

  /**
   * What reading the file gives, with a newline.
   *
   * @param relPath relative to the root, e.g. {@code intel-rapl:0/energy_uj}
   * @throws NoSuchFileException when there is no such file
   */
  public String read(String relPath) throws IOException {
    synchronized (lock) {
      String content = files.get(key(relPath));
      if (content == null) {
        throw new NoSuchFileException(display(relPath));
      }
      return content + "\n";
    }
  }

  public boolean exists(String relPath) {
    synchronized (lock) {
      return files.containsKey(key(relPath));
    }
  }

  /**
   * Refuses every write: the files this emulator has are read-only.
   *
   * @throws NoSuchFileException when there is no such file
   * @throws AccessDeniedException otherwise
   */
  public void write(String relPath, String value) throws IOException {
    if (!exists(relPath)) {
      throw new NoSuchFileException(display(relPath));
    }
    throw new AccessDeniedException(display(relPath), null, EmulatedSysfs.EACCES);
  }

  /** Every file, sorted. */
  public List<String> paths() {
    synchronized (lock) {
      return new ArrayList<>(files.keySet()).stream().sorted().toList();
    }
  }

  /**
   * Adds energy to a package zone and its core subzone (both wrap at {@code max_energy_range_uj});
   * fractions of a micro-joule are carried to the next call.
   *
   * @throws IllegalArgumentException for an unknown package, a negative amount, or core energy
   *     above the package's
   */
  public void addEnergy(int pkg, double packageMicrojoules, double coreMicrojoules) {
    if (pkg < 0 || pkg >= packageUj.length) {
      throw new IllegalArgumentException("no RAPL package " + pkg + " of " + packageUj.length);
    }
    if (!(packageMicrojoules >= 0) || !(coreMicrojoules >= 0)) {
      throw new IllegalArgumentException("energy only grows");
    }
    if (coreMicrojoules > packageMicrojoules) {
      throw new IllegalArgumentException("the core zone is part of the package zone");
    }
    synchronized (lock) {
      packageFraction[pkg] += packageMicrojoules;
      long whole = (long) packageFraction[pkg];
      packageFraction[pkg] -= whole;
      packageUj[pkg] = Math.floorMod(packageUj[pkg] + whole, maxEnergyRangeUj);
      coreFraction[pkg] += coreMicrojoules;
      long wholeCore = (long) coreFraction[pkg];
      coreFraction[pkg] -= wholeCore;
      coreUj[pkg] = Math.floorMod(coreUj[pkg] + wholeCore, maxEnergyRangeUj);
      try {
        update(packageZone(pkg) + "/energy_uj", Long.toString(packageUj[pkg]));
        update(coreZone(pkg) + "/energy_uj", Long.toString(coreUj[pkg]));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** A package zone's {@code energy_uj} now. */
  public long energyUj(int pkg) {
    synchronized (lock) {
      return packageUj[pkg];
    }
  }

  private void put(String key, String content) throws IOException {
    files.put(key, content);
    if (root != null) {
      Path file = root.resolve(key);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content + "\n");
    }
  }

  private void update(String key, String content) throws IOException {
    files.put(key, content);
    if (root != null) {
      Files.writeString(root.resolve(key), content + "\n");
    }
  }

  private static String key(String relPath) {
    Objects.requireNonNull(relPath, "relPath");
    Path path = Path.of(relPath).normalize();
    if (path.isAbsolute() || path.startsWith("..")) {
      throw new IllegalArgumentException(
          "powercap path \"" + relPath + "\" must be relative to the root and stay inside it");
    }
    return path.toString();
  }

  private String display(String relPath) {
    return root != null ? root.resolve(relPath).toString() : "/sys/class/powercap/" + relPath;
  }

  @Override
  public String toString() {
    return "EmulatedPowercap["
        + packageUj.length
        + " packages"
        + (root != null ? " at " + root : " in memory")
        + ", range "
        + maxEnergyRangeUj
        + " µJ]";
  }
}
