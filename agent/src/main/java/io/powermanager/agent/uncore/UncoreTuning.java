package io.powermanager.agent.uncore;

import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.PlannedWrite;
import io.powermanager.domain.uncore.UncoreDomain;
import io.powermanager.domain.uncore.UncoreLimits;
import io.powermanager.domain.uncore.UncorePlanner;
import io.powermanager.domain.uncore.UncoreWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The uncore part of the tuner's observe → plan step: reads each domain's limits, decides its
 * target ({@link UncorePlanner}: the Uncore object's layers over the domain's originals) and plans
 * the ordered writes; the tuner snapshots {@link Plan#originals()} and applies the writes in the
 * one plan with the CPUs'. A domain the agent never wrote and no Uncore asks for is not read twice
 * nor written. Stateless.
 */
public final class UncoreTuning {

  private UncoreTuning() {}

  /**
   * The uncore part of one convergence.
   *
   * @param targets each domain's decision, for the domains under an Uncore or with a snapshot
   * @param observed the limits read, by directory
   * @param currentKhz {@code current_freq_khz} where the domain has it, by directory
   * @param originals the limits before the agent's first write, by directory (snapshot or read)
   * @param writes the writes, domain by domain, each domain's in a safe order
   * @param toSnapshot file → value to record before the first write
   * @param unreadable directories whose limits could not be read, with the reason
   */
  public record Plan(
      List<UncorePlanner.Target> targets,
      Map<String, UncoreWindow> observed,
      Map<String, Long> currentKhz,
      Map<String, UncoreWindow> originals,
      List<PlannedWrite> writes,
      Map<String, String> toSnapshot,
      Map<String, String> unreadable) {

    public Plan {
      targets = List.copyOf(targets);
      observed = Map.copyOf(observed);
      currentKhz = Map.copyOf(currentKhz);
      originals = Map.copyOf(originals);
      writes = List.copyOf(writes);
      toSnapshot = Map.copyOf(toSnapshot);
      unreadable = Map.copyOf(unreadable);
    }

    public static Plan none() {
      return new Plan(List.of(), Map.of(), Map.of(), Map.of(), List.of(), Map.of(), Map.of());
    }

    /** Sentences for each bound clamped into a domain's range. */
    public List<String> clamped() {
      return targets.stream().flatMap(t -> t.clamped().stream()).toList();
    }

    /** Sentences for each domain left untouched because its window came out empty. */
    public List<String> refused() {
      return targets.stream().flatMap(t -> t.refused().stream()).toList();
    }
  }

  /**
   * Plans the domains.
   *
   * @param limits the node's Uncore object, empty when none applies
   */
  public static Plan plan(
      SysfsPort sysfs,
      List<UncoreDomain> domains,
      Optional<UncoreLimits> limits,
      SnapshotStore snapshots) {
    Objects.requireNonNull(limits, "limits");
    List<UncorePlanner.Target> targets = new ArrayList<>();
    Map<String, UncoreWindow> observed = new TreeMap<>();
    Map<String, Long> current = new TreeMap<>();
    Map<String, UncoreWindow> originals = new TreeMap<>();
    List<PlannedWrite> writes = new ArrayList<>();
    Map<String, String> toSnapshot = new LinkedHashMap<>();
    Map<String, String> unreadable = new TreeMap<>();
    for (UncoreDomain d : domains) {
      String minPath = d.path() + Knob.UNCORE_MIN_FREQ.file();
      String maxPath = d.path() + Knob.UNCORE_MAX_FREQ.file();
      Optional<String> snapMin = snapshots.file(minPath);
      Optional<String> snapMax = snapshots.file(maxPath);
      if (limits.isEmpty() && snapMin.isEmpty() && snapMax.isEmpty()) {
        continue; // never written, nothing asked: leave it alone
      }
      UncoreWindow now;
      try {
        now =
            new UncoreWindow(
                Long.parseLong(sysfs.read(minPath).strip()),
                Long.parseLong(sysfs.read(maxPath).strip()));
      } catch (SysfsException | NumberFormatException e) {
        unreadable.put(d.dir(), e.getMessage());
        continue;
      }
      observed.put(d.dir(), now);
      readCurrent(sysfs, d).ifPresent(khz -> current.put(d.dir(), khz));
      UncoreWindow original =
          new UncoreWindow(
              snapMin.map(v -> Long.parseLong(v.strip())).orElse(now.minKhz()),
              snapMax.map(v -> Long.parseLong(v.strip())).orElse(now.maxKhz()));
      originals.put(d.dir(), original);
      UncorePlanner.Target target = UncorePlanner.target(d, limits, original);
      targets.add(target);
      if (target.refused().isPresent()) {
        continue;
      }
      List<PlannedWrite> domainWrites = UncorePlanner.writes(d, target.want(), now);
      if (!domainWrites.isEmpty()) {
        toSnapshot.put(minPath, Long.toString(now.minKhz()));
        toSnapshot.put(maxPath, Long.toString(now.maxKhz()));
        writes.addAll(domainWrites);
      }
    }
    return new Plan(targets, observed, current, originals, writes, toSnapshot, unreadable);
  }

  private static Optional<Long> readCurrent(SysfsPort sysfs, UncoreDomain d) {
    try {
      return Optional.of(Long.parseLong(sysfs.read(d.path() + "current_freq_khz").strip()));
    } catch (SysfsException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
