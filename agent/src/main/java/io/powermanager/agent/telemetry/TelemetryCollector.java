package io.powermanager.agent.telemetry;

import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.api.v1alpha1.NodeTelemetry;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.pool.Pool;
import io.powermanager.domain.telemetry.CpuTimes;
import io.powermanager.domain.telemetry.EnergyCounter;
import io.powermanager.domain.telemetry.EnergySplit;
import io.powermanager.domain.tuning.NodePools;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads the node's energy, idle and frequency counters — cheap file reads, no MSR — and keeps the
 * totals the metrics show ({@link #snapshot()}) and the summary the PowerNode status carries.
 * Called by the node loop on each recompute; reads at most once per {@code minInterval} (half the
 * heartbeat), so events between heartbeats cost nothing and the status does not change between
 * them.
 *
 * <p>Per profile and per pod, package energy is ESTIMATED: each interval's package energy (the sum
 * of the RAPL package zones) is split by the busy time of each group's CPUs from {@code /proc/stat}
 * (CPU count × mean busy time), or by CPU count when no CPU was busy ({@link EnergySplit}). So the
 * profiles' shares always add up to the package energy.
 *
 * <p>Not thread-safe for {@link #collect}: the node loop's single thread calls it; {@link
 * #snapshot()} may be called from any thread.
 */
public final class TelemetryCollector {

  /** The profile label of the kubelet's reserved CPUs. */
  public static final String RESERVED = "(reserved)";

  /** The profile label of the Default pool (CPUs no profile tunes). */
  public static final String UNPROFILED = "(unprofiled)";

  private static final String OTHERS = "\u0000others";

  private final SysfsPort sysfs;
  private final HardwareFacts hardware;
  private final TelemetrySources sources;
  private final Clock clock;
  private final Duration minInterval;
  private final List<RaplZones.Zone> zones;
  private final Map<String, EnergyCounter> counters = new LinkedHashMap<>();
  private final Map<String, Double> profileJoules = new TreeMap<>();
  private final Map<String, Double> podJoules = new TreeMap<>();
  private final List<String> cpuLabels;
  private final int[] cpuIds;
  private final List<String> stateNames;
  private CpuTimes lastTimes = CpuTimes.none();
  private Instant lastAt;
  private NodeTelemetry lastStatus;
  private volatile TelemetrySnapshot snapshot = TelemetrySnapshot.empty();

  public TelemetryCollector(
      SysfsPort sysfs,
      HardwareFacts hardware,
      TelemetrySources sources,
      Clock clock,
      Duration minInterval) {
    this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
    this.hardware = Objects.requireNonNull(hardware, "hardware");
    this.sources = Objects.requireNonNull(sources, "sources");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    this.zones = sources.powercap().map(RaplZones::discover).orElse(List.of());
    CpuSet online = hardware.online();
    this.cpuIds = online.stream().toArray();
    List<String> labels = new ArrayList<>(cpuIds.length);
    for (int cpu : cpuIds) {
      labels.add(Integer.toString(cpu));
    }
    this.cpuLabels = List.copyOf(labels);
    this.stateNames = hardware.idleStates().stream().map(s -> s.name()).toList();
  }

  /** Whether RAPL zones were found at start: a capability fact, reported, never an error. */
  public boolean raplAvailable() {
    return !zones.isEmpty();
  }

  /** The latest collection's figures. */
  public TelemetrySnapshot snapshot() {
    return snapshot;
  }

  /**
   * Reads the counters unless the previous reading is younger than {@code minInterval}, and returns
   * the status summary of the latest reading.
   *
   * @param pools which pool (profile) each CPU is in now
   * @param pods the exclusive CPUs of each pod with a profile (for per-pod series when enabled)
   */
  public NodeTelemetry collect(NodePools pools, Map<PodKey, CpuSet> pods) {
    Instant now = clock.instant();
    if (lastAt != null && Duration.between(lastAt, now).compareTo(minInterval) < 0) {
      return lastStatus;
    }
    double seconds = lastAt == null ? 0 : Duration.between(lastAt, now).toNanos() / 1e9;
    lastAt = now;

    double deltaJoules = 0;
    Map<String, Double> zoneJoules = new LinkedHashMap<>();
    boolean raplRead = false;
    for (RaplZones.Zone zone : zones) {
      try {
        long raw = RaplZones.read(sources.powercap().orElseThrow(), zone);
        EnergyCounter next =
            counters.getOrDefault(zone.dir(), EnergyCounter.start()).next(raw, zone.maxRangeUj());
        counters.put(zone.dir(), next);
        raplRead = true;
        if (zone.isPackage()) {
          deltaJoules += next.lastDeltaUj() / 1e6;
        }
      } catch (SysfsException | IllegalArgumentException e) {
        // left out of this interval; its next reading carries the energy since the last one
      }
      EnergyCounter c = counters.get(zone.dir());
      if (c != null) {
        zoneJoules.put(zone.label(), c.totalJoules());
      }
    }

    CpuTimes times = readTimes();
    long[] curKhz = new long[cpuIds.length];
    long[][] idleTime = new long[cpuIds.length][];
    long[][] idleUsage = new long[cpuIds.length][];
    Map<String, Long> busyByGroup = new LinkedHashMap<>();
    Map<String, Integer> cpusByGroup = new TreeMap<>();
    Map<Integer, Long> curByCpu = new TreeMap<>();
    for (int i = 0; i < cpuIds.length; i++) {
      int cpu = cpuIds[i];
      curKhz[i] = readLong("cpu" + cpu + "/cpufreq/scaling_cur_freq");
      curByCpu.put(cpu, curKhz[i]);
      idleTime[i] = new long[stateNames.size()];
      idleUsage[i] = new long[stateNames.size()];
      for (int k = 0; k < stateNames.size(); k++) {
        String dir = "cpu" + cpu + "/cpuidle/state" + k + "/";
        idleTime[i][k] = readLong(dir + "time");
        idleUsage[i][k] = readLong(dir + "usage");
      }
      Pool pool = pools.byCpu().get(cpu);
      String group = pool == null ? UNPROFILED : label(pool);
      busyByGroup.merge(group, times.busySince(lastTimes, cpu), Long::sum);
      cpusByGroup.merge(group, 1, Integer::sum);
    }

    Map<String, Double> split = EnergySplit.split(deltaJoules, busyByGroup, cpusByGroup);
    split.forEach((group, joules) -> profileJoules.merge(group, joules, Double::sum));
    for (String group : cpusByGroup.keySet()) {
      profileJoules.putIfAbsent(group, 0.0);
    }

    Map<String, Double> podMeanKhz = new TreeMap<>();
    int notReported = 0;
    if (sources.podMetricsLimit() > 0) {
      Map<String, CpuSet> byPod = new TreeMap<>();
      pods.forEach((key, cpus) -> byPod.merge(key.nsName(), cpus, CpuSet::union));
      Map<String, Long> podBusy = new LinkedHashMap<>();
      Map<String, Integer> podCpus = new LinkedHashMap<>();
      CpuSet counted = CpuSet.empty();
      for (Map.Entry<String, CpuSet> e : byPod.entrySet()) {
        if (podBusy.size() >= sources.podMetricsLimit()) {
          notReported++;
          continue;
        }
        long busy = 0;
        long khz = 0;
        int n = 0;
        for (int cpu : e.getValue()) {
          busy += times.busySince(lastTimes, cpu);
          Long cur = curByCpu.get(cpu);
          if (cur != null && cur >= 0) {
            khz += cur;
            n++;
          }
        }
        podBusy.put(e.getKey(), busy);
        podCpus.put(e.getKey(), e.getValue().size());
        counted = counted.union(e.getValue());
        if (n > 0) {
          podMeanKhz.put(e.getKey(), (double) khz / n);
        }
      }
      long othersBusy = 0;
      int others = 0;
      for (int cpu : cpuIds) {
        if (!counted.contains(cpu)) {
          othersBusy += times.busySince(lastTimes, cpu);
          others++;
        }
      }
      podBusy.put(OTHERS, othersBusy);
      podCpus.put(OTHERS, others);
      Map<String, Double> podSplit = EnergySplit.split(deltaJoules, podBusy, podCpus);
      podJoules.keySet().retainAll(podCpus.keySet());
      podSplit.forEach(
          (pod, joules) -> {
            if (!OTHERS.equals(pod)) {
              podJoules.merge(pod, joules, Double::sum);
            }
          });
    }
    lastTimes = times;

    Map<String, Long> uncore = new TreeMap<>();
    for (HardwareFacts.UncoreInfo u : hardware.uncore()) {
      long khz = readLong("intel_uncore_frequency/" + u.domain() + "/current_freq_khz");
      if (khz >= 0) {
        uncore.put(u.domain(), khz);
      }
    }

    double watts = raplRead && seconds > 0 ? deltaJoules / seconds : Double.NaN;
    snapshot =
        new TelemetrySnapshot(
            raplRead,
            Collections.unmodifiableMap(zoneJoules),
            cpuLabels,
            curKhz,
            stateNames,
            idleTime,
            idleUsage,
            Collections.unmodifiableMap(uncore),
            Collections.unmodifiableMap(cpusByGroup),
            Collections.unmodifiableMap(new TreeMap<>(profileJoules)),
            Collections.unmodifiableMap(new TreeMap<>(podJoules)),
            Collections.unmodifiableMap(podMeanKhz),
            notReported,
            watts);
    lastStatus = status(raplRead, seconds, watts, split, cpusByGroup);
    return lastStatus;
  }

  private static NodeTelemetry status(
      boolean rapl,
      double seconds,
      double watts,
      Map<String, Double> split,
      Map<String, Integer> cpusByGroup) {
    NodeTelemetry t = new NodeTelemetry();
    t.setEnergySource(rapl ? "rapl" : "none");
    if (seconds > 0) {
      t.setIntervalSeconds(round(seconds, 1));
    }
    if (!Double.isNaN(watts)) {
      t.setPackageWatts(round(watts, 1));
      List<NodeTelemetry.ProfileEnergy> profiles = new ArrayList<>();
      cpusByGroup.forEach(
          (group, cpus) ->
              profiles.add(
                  new NodeTelemetry.ProfileEnergy(
                      group, cpus, round(split.getOrDefault(group, 0.0) / seconds, 1))));
      t.setProfiles(profiles);
    }
    return t;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** The profile label of a pool. */
  public static String label(Pool pool) {
    if (pool instanceof Pool.Exclusive e) {
      return e.profile();
    }
    if (pool instanceof Pool.Shared s) {
      return s.profile();
    }
    return pool instanceof Pool.Reserved ? RESERVED : UNPROFILED;
  }

  private CpuTimes readTimes() {
    if (sources.procStat().isEmpty()) {
      return CpuTimes.none();
    }
    try {
      return CpuTimes.parse(sources.procStat().get().read());
    } catch (IOException | RuntimeException e) {
      return CpuTimes.none();
    }
  }

  private long readLong(String path) {
    try {
      return Long.parseLong(sysfs.read(path).strip());
    } catch (SysfsException | NumberFormatException e) {
      return -1;
    }
  }
}
