package io.powermanager.agent.state;

import io.powermanager.domain.tuning.CpuSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The original values of every sysfs file the agent has written to, kept in a file in the state
 * directory (a hostPath, so it outlives the agent's pod) and restored on stop and on {@code
 * --restore}: each CPU's cpufreq settings, and single files of the other knobs (idle-state {@code
 * disable} files, uncore domain limits, the turbo switch), keyed by their path relative to the CPU
 * sysfs root.
 *
 * <p>An entry is recorded before the agent's first write to that CPU or file and is never
 * overwritten: after a {@code kill -9} between writes the restarted agent finds the original
 * values, not tuned ones. Every change replaces the file atomically (write a temporary file, {@code
 * fsync}, rename over the old one, {@code fsync} the directory), so a crash leaves the old or the
 * new file, never a torn one.
 *
 * <p>Format 2 ({@value #FILE_NAME}), one line per entry after a {@code format=2} line:
 *
 * <pre>
 * format=2
 * cpu=2 governor=powersave epp=balance_performance min=800000 max=3800000
 * file=cpu2/cpuidle/state1/disable value=0
 * file=intel_uncore_frequency/package_00_die_00/min_freq_khz value=800000
 * </pre>
 *
 * ({@code epp=-} when the CPU has no EPP). Format 1 ({@value #LEGACY_FILE_NAME}, CPU lines only,
 * written by earlier releases) is read when no format-2 file exists and replaced by one on open, so
 * an upgraded agent restores what its predecessor recorded. Thread-safe.
 */
public final class SnapshotStore {

  /** The file name inside the state directory. */
  public static final String FILE_NAME = "node-snapshot.v2";

  /** The format-1 file of earlier releases, migrated on open. */
  public static final String LEGACY_FILE_NAME = "cpu-snapshot.v1";

  private static final String HEADER =
      "# power-manager node agent: each file's value before the agent first wrote to it.\n"
          + "# Restored when the agent stops and by `power-manager agent --restore`. Do not edit.\n"
          + "format=2\n";
  private static final String NO_EPP = "-";

  private final Path file;
  private final Map<Integer, CpuSettings> entries;
  private final Map<String, String> files;

  private SnapshotStore(Path file, Map<Integer, CpuSettings> entries, Map<String, String> files) {
    this.file = file;
    this.entries = entries;
    this.files = files;
  }

  /**
   * Opens the store in {@code stateDir}, creating the directory if needed and loading an existing
   * file; a format-1 file of an earlier release is converted to format 2 (written first, then the
   * old file removed).
   *
   * @throws IOException when the directory cannot be made or the file is unreadable or malformed
   *     (then the originals are unknown and nothing must be tuned until someone looks)
   */
  public static SnapshotStore open(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Path file = stateDir.resolve(FILE_NAME);
    Path legacy = stateDir.resolve(LEGACY_FILE_NAME);
    Map<Integer, CpuSettings> entries = new TreeMap<>();
    Map<String, String> files = new TreeMap<>();
    if (Files.exists(file)) {
      load(file, entries, files, true);
    } else if (Files.exists(legacy)) {
      load(legacy, entries, files, false);
    }
    SnapshotStore store = new SnapshotStore(file, entries, files);
    if (Files.exists(legacy)) {
      if (!Files.exists(file) && !(entries.isEmpty() && files.isEmpty())) {
        store.persist(entries, files);
      }
      Files.delete(legacy);
      store.syncDirectory();
    }
    return store;
  }

  private static void load(
      Path file, Map<Integer, CpuSettings> entries, Map<String, String> files, boolean formatTwo)
      throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    boolean sawFormat = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (formatTwo && line.startsWith("format=")) {
        if (!line.equals("format=2")) {
          throw malformed(file, i + 1, line, "unknown format (this agent reads format 2)");
        }
        sawFormat = true;
        continue;
      }
      if (formatTwo && !sawFormat) {
        throw malformed(file, i + 1, line, "no format=2 line before the entries");
      }
      parse(file, i + 1, line, entries, files, formatTwo);
    }
  }

  private static void parse(
      Path file,
      int lineNo,
      String line,
      Map<Integer, CpuSettings> out,
      Map<String, String> files,
      boolean formatTwo)
      throws IOException {
    Map<String, String> fields = new TreeMap<>();
    for (String token : line.split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw malformed(file, lineNo, line, "\"" + token + "\" is not key=value");
      }
      fields.put(token.substring(0, eq), token.substring(eq + 1));
    }
    if (formatTwo && fields.containsKey("file")) {
      String path = fields.get("file");
      if (path.isEmpty() || !fields.containsKey("value") || fields.size() != 2) {
        throw malformed(file, lineNo, line, "a file entry is file=<path> value=<value>");
      }
      if (path.startsWith("/") || path.contains("..")) {
        throw malformed(file, lineNo, line, "the path must be relative to the CPU sysfs root");
      }
      files.put(path, fields.get("value"));
      return;
    }
    for (String key : List.of("cpu", "governor", "epp", "min", "max")) {
      if (!fields.containsKey(key) || fields.get(key).isEmpty()) {
        throw malformed(file, lineNo, line, "missing " + key);
      }
    }
    try {
      int cpu = Integer.parseInt(fields.get("cpu"));
      String epp = fields.get("epp");
      out.put(
          cpu,
          CpuSettings.of(
              fields.get("governor"),
              NO_EPP.equals(epp) ? null : epp,
              Long.parseLong(fields.get("min")),
              Long.parseLong(fields.get("max"))));
    } catch (IllegalArgumentException e) {
      throw malformed(file, lineNo, line, e.getMessage());
    }
  }

  private static IOException malformed(Path file, int lineNo, String line, String why) {
    return new IOException(
        "snapshot " + file + " line " + lineNo + " \"" + line + "\" is malformed: " + why);
  }

  public Path file() {
    return file;
  }

  public synchronized Optional<CpuSettings> get(int cpu) {
    return Optional.ofNullable(entries.get(cpu));
  }

  /** Every CPU entry, by CPU. */
  public synchronized Map<Integer, CpuSettings> all() {
    return Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** The original value of one file, by its path relative to the CPU sysfs root. */
  public synchronized Optional<String> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /** Every file entry: path relative to the CPU sysfs root → original value. */
  public synchronized Map<String, String> files() {
    return Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /** Whether no CPU and no file is recorded. */
  public synchronized boolean isEmpty() {
    return entries.isEmpty() && files.isEmpty();
  }

  /**
   * Records the CPUs of {@code originals} that have no entry yet and persists the file before
   * returning; existing entries are kept as they are.
   *
   * @return the CPUs newly recorded
   * @throws IOException when the file cannot be written; nothing is recorded then
   */
  public synchronized List<Integer> recordIfAbsent(Map<Integer, CpuSettings> originals)
      throws IOException {
    Map<Integer, CpuSettings> next = new TreeMap<>(entries);
    List<Integer> added = new ArrayList<>();
    originals.forEach(
        (cpu, settings) -> {
          if (!next.containsKey(cpu)) {
            next.put(cpu, Objects.requireNonNull(settings, "settings"));
            added.add(cpu);
          }
        });
    if (!added.isEmpty()) {
      persist(next, files);
      entries.clear();
      entries.putAll(next);
    }
    return added;
  }

  /**
   * Records the files of {@code originals} (path relative to the CPU sysfs root → value read before
   * the first write) that have no entry yet, and persists before returning; existing entries are
   * kept as they are.
   *
   * @return the paths newly recorded
   * @throws IOException when the file cannot be written; nothing is recorded then
   */
  public synchronized List<String> recordFilesIfAbsent(Map<String, String> originals)
      throws IOException {
    Map<String, String> next = new TreeMap<>(files);
    List<String> added = new ArrayList<>();
    originals.forEach(
        (path, value) -> {
          if (path.startsWith("/") || path.contains("..") || path.matches(".*\\s.*")) {
            throw new IllegalArgumentException("\"" + path + "\" is not a relative sysfs path");
          }
          String v = Objects.requireNonNull(value, "value").strip();
          if (v.isEmpty() || v.matches(".*\\s.*")) {
            throw new IllegalArgumentException(path + ": \"" + value + "\" is not one token");
          }
          if (!next.containsKey(path)) {
            next.put(path, v);
            added.add(path);
          }
        });
    if (!added.isEmpty()) {
      persist(entries, next);
      files.clear();
      files.putAll(next);
    }
    return added;
  }

  /**
   * Forgets the given CPUs (after they were restored) and persists; removes the file when no entry
   * is left.
   */
  public synchronized void forget(Iterable<Integer> cpus) throws IOException {
    Map<Integer, CpuSettings> next = new TreeMap<>(entries);
    for (int cpu : cpus) {
      next.remove(cpu);
    }
    replace(next, files);
  }

  /**
   * Forgets the given files (after they were restored) and persists; removes the file when no entry
   * is left.
   */
  public synchronized void forgetFiles(Collection<String> paths) throws IOException {
    Map<String, String> next = new TreeMap<>(files);
    next.keySet().removeAll(paths);
    replace(entries, next);
  }

  private void replace(Map<Integer, CpuSettings> nextCpus, Map<String, String> nextFiles)
      throws IOException {
    if (nextCpus.equals(entries) && nextFiles.equals(files)) {
      return;
    }
    if (nextCpus.isEmpty() && nextFiles.isEmpty()) {
      Files.deleteIfExists(file);
      syncDirectory();
    } else {
      persist(nextCpus, nextFiles);
    }
    Map<Integer, CpuSettings> cpus = new TreeMap<>(nextCpus);
    Map<String, String> other = new TreeMap<>(nextFiles);
    entries.clear();
    entries.putAll(cpus);
    files.clear();
    files.putAll(other);
  }

  private void persist(Map<Integer, CpuSettings> content, Map<String, String> fileContent)
      throws IOException {
    StringBuilder text = new StringBuilder(HEADER);
    content.forEach(
        (cpu, s) ->
            text.append("cpu=")
                .append(cpu)
                .append(" governor=")
                .append(s.governor())
                .append(" epp=")
                .append(s.epp().orElse(NO_EPP))
                .append(" min=")
                .append(s.min().khz())
                .append(" max=")
                .append(s.max().khz())
                .append('\n'));
    fileContent.forEach(
        (path, value) ->
            text.append("file=").append(path).append(" value=").append(value).append('\n'));
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory();
  }

  private void syncDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the rename itself is still atomic
    }
  }

  @Override
  public String toString() {
    return "SnapshotStore[" + file + ", " + entries.size() + " cpus, " + files.size() + " files]";
  }
}
