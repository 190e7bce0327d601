package io.powermanager.domain.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans putting single snapshotted files (idle-state {@code disable} files, uncore limits, the
 * turbo switch) back to their original values: only files whose value now differs are written, and
 * an uncore domain's {@code min_freq_khz}/{@code max_freq_khz} pair in an order that keeps {@code
 * min ≤ max} after every write (the ceiling first when the original floor lies above the current
 * ceiling, the floor first otherwise).
 */
public final class FileRestore {

  private static final Pattern CPU_FILE = Pattern.compile("cpu(\\d+)/cpuidle/state\\d+/disable");

  private FileRestore() {}

  /**
   * The knob a snapshotted file belongs to, and its CPU ({@link PlannedWrite#NODE} for node files).
   *
   * @return empty for a path no knob writes
   */
  public static Optional<PlannedWrite> writeOf(String path, String value) {
    Matcher cpu = CPU_FILE.matcher(path);
    if (cpu.matches()) {
      return Optional.of(
          PlannedWrite.file(Integer.parseInt(cpu.group(1)), Knob.CSTATE_DISABLE, path, value));
    }
    if (path.startsWith("intel_uncore_frequency/")) {
      if (path.endsWith("/" + Knob.UNCORE_MIN_FREQ.file())) {
        return Optional.of(PlannedWrite.file(PlannedWrite.NODE, Knob.UNCORE_MIN_FREQ, path, value));
      }
      if (path.endsWith("/" + Knob.UNCORE_MAX_FREQ.file())) {
        return Optional.of(PlannedWrite.file(PlannedWrite.NODE, Knob.UNCORE_MAX_FREQ, path, value));
      }
    }
    if (path.equals("intel_pstate/no_turbo") || path.equals("cpufreq/boost")) {
      return Optional.of(PlannedWrite.file(PlannedWrite.NODE, Knob.TURBO, path, value));
    }
    return Optional.empty();
  }

  /**
   * The writes that bring every file of {@code originals} found in {@code now} back.
   *
   * @param originals path → original value
   * @param now path → value read now (files missing here are not planned)
   * @throws IllegalArgumentException for a path no knob writes
   */
  public static List<PlannedWrite> plan(Map<String, String> originals, Map<String, String> now) {
    List<PlannedWrite> writes = new ArrayList<>();
    Map<String, String> sorted = new TreeMap<>(originals);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String path = e.getKey();
      String have = now.get(path);
      if (have == null || have.strip().equals(e.getValue().strip())) {
        continue;
      }
      PlannedWrite write =
          writeOf(path, e.getValue().strip())
              .orElseThrow(
                  () -> new IllegalArgumentException(path + " is not a file a knob writes"));
      if (write.knob() == Knob.UNCORE_MAX_FREQ) {
        continue; // planned with its domain's floor below
      }
      if (write.knob() == Knob.UNCORE_MIN_FREQ) {
        String dir = path.substring(0, path.lastIndexOf('/') + 1);
        String maxPath = dir + Knob.UNCORE_MAX_FREQ.file();
        Optional<PlannedWrite> max =
            Optional.ofNullable(sorted.get(maxPath))
                .filter(
                    v -> now.containsKey(maxPath) && !now.get(maxPath).strip().equals(v.strip()))
                .flatMap(v -> writeOf(maxPath, v.strip()));
        long wantMin = Long.parseLong(write.value());
        long haveMax = Long.parseLong(now.getOrDefault(maxPath, write.value()).strip());
        if (max.isPresent() && wantMin > haveMax) {
          writes.add(max.get());
          writes.add(write);
        } else {
          writes.add(write);
          max.ifPresent(writes::add);
        }
        continue;
      }
      writes.add(write);
    }
    // a ceiling whose floor is unchanged (or not snapshotted)
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String path = e.getKey();
      if (!path.endsWith("/" + Knob.UNCORE_MAX_FREQ.file()) || !now.containsKey(path)) {
        continue;
      }
      String minPath = path.substring(0, path.lastIndexOf('/') + 1) + Knob.UNCORE_MIN_FREQ.file();
      boolean floorPlanned = writes.stream().anyMatch(w -> w.path().equals(minPath));
      if (!floorPlanned && !now.get(path).strip().equals(e.getValue().strip())) {
        writeOf(path, e.getValue().strip()).ifPresent(writes::add);
      }
    }
    return List.copyOf(writes);
  }
}
