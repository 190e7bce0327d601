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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The original cpufreq settings of every CPU the agent has written to, kept in a file in the state
 * directory (a hostPath, so it outlives the agent's pod) and restored on stop and on {@code
 * --restore}.
 *
 * <p>An entry is recorded before the agent's first write to that CPU and is never overwritten:
 * after a {@code kill -9} between writes the restarted agent finds the original values, not tuned
 * ones. Every change replaces the file atomically (write a temporary file, {@code fsync}, rename
 * over the old one, {@code fsync} the directory), so a crash leaves the old or the new file, never
 * a torn one.
 *
 * <p>File format, one line per CPU: {@code cpu=2 governor=powersave epp=balance_performance
 * min=800000 max=3800000} ({@code epp=-} when the CPU has no EPP). Thread-safe.
 */
public final class SnapshotStore {

  /** The file name inside the state directory. */
  public static final String FILE_NAME = "cpu-snapshot.v1";

  private static final String HEADER =
      "# power-manager node agent: each CPU's cpufreq settings before the agent first wrote to it.\n"
          + "# Restored when the agent stops and by `power-manager agent --restore`. Do not edit.\n";
  private static final String NO_EPP = "-";

  private final Path file;
  private final Map<Integer, CpuSettings> entries;

  private SnapshotStore(Path file, Map<Integer, CpuSettings> entries) {
    this.file = file;
    this.entries = entries;
  }

  /**
   * Opens the store in {@code stateDir}, creating the directory if needed and loading an existing
   * file.
   *
   * @throws IOException when the directory cannot be made or the file is unreadable or malformed
   *     (then the originals are unknown and nothing must be tuned until someone looks)
   */
  public static SnapshotStore open(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Path file = stateDir.resolve(FILE_NAME);
    Map<Integer, CpuSettings> entries = new TreeMap<>();
    if (Files.exists(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        parse(file, i + 1, line, entries);
      }
    }
    return new SnapshotStore(file, entries);
  }

  private static void parse(Path file, int lineNo, String line, Map<Integer, CpuSettings> out)
      throws IOException {
    Map<String, String> fields = new TreeMap<>();
    for (String token : line.split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw malformed(file, lineNo, line, "\"" + token + "\" is not key=value");
      }
      fields.put(token.substring(0, eq), token.substring(eq + 1));
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

  /** Every entry, by CPU. */
  public synchronized Map<Integer, CpuSettings> all() {
    return Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  public synchronized boolean isEmpty() {
    return entries.isEmpty();
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
    List<Integer> added = new java.util.ArrayList<>();
    originals.forEach(
        (cpu, settings) -> {
          if (!next.containsKey(cpu)) {
            next.put(cpu, Objects.requireNonNull(settings, "settings"));
            added.add(cpu);
          }
        });
    if (!added.isEmpty()) {
      persist(next);
      entries.clear();
      entries.putAll(next);
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
    if (next.equals(entries)) {
      return;
    }
    if (next.isEmpty()) {
      Files.deleteIfExists(file);
      syncDirectory();
    } else {
      persist(next);
    }
    entries.clear();
    entries.putAll(next);
  }

  private void persist(Map<Integer, CpuSettings> content) throws IOException {
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
    return "SnapshotStore[" + file + ", " + entries.size() + " cpus]";
  }
}
