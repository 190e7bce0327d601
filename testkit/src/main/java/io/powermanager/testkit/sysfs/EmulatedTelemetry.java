package io.powermanager.testkit.sysfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes a node's counters advance with a clock: {@code cpuidle/stateK/{usage,time}} of its {@link
 * EmulatedSysfs}, the RAPL {@code energy_uj} of its {@link EmulatedPowercap} (when it has RAPL) and
 * its {@link EmulatedProcStat}, after a stated simple model. <b>The model's numbers are
 * illustrative</b>, chosen to make profiles' effects visible, not measured on any part.
 *
 * <h2>The model</h2>
 *
 * Each online CPU is busy a fraction {@code b} of the time ({@link EmulatedSysfs#busy(int,
 * double)}, {@value EmulatedSysfs#DEFAULT_BUSY} until set) and runs at its {@code scaling_cur_freq}
 * {@code f} (which follows {@code b} inside the CPU's window). Over an interval {@code dt}:
 *
 * <ul>
 *   <li>{@code /proc/stat}: {@code b·dt} busy, {@code (1−b)·dt} idle;
 *   <li>idle counters: the idle time goes to the deepest idle state not disabled ({@code
 *       stateK/disable} = 0; state 0 when all are), {@code time} by that many µs and {@code usage}
 *       by one entry per millisecond of it;
 *   <li>power of a CPU: {@code b × }{@value #ACTIVE_WATTS_PER_GHZ2}{@code W × (f/GHz)² + (1−b) ×
 *       idle W}, idle W by the state it sits in: {@value #POLL_WATTS} W for POLL (latency 0),
 *       {@value #SHALLOW_WATTS} W for a state with exit latency under {@value #DEEP_LATENCY_US} µs
 *       (C1, C1E), {@value #DEEP_WATTS} W for deeper ones (C6 and below);
 *   <li>a package's power: {@value #STATIC_WATTS_PER_CPU} W per online CPU of the package (uncore,
 *       I/O) plus its CPUs' power; its core subzone gets the CPUs' power alone. Energy is power ×
 *       {@code dt}, added to {@code energy_uj}, which wraps at {@code max_energy_range_uj}.
 * </ul>
 *
 * {@link #advance()} applies the time since the previous call (the first call only starts the
 * clock); {@link #ticking(Duration)} calls it periodically on a daemon thread. Thread-safe.
 */
public final class EmulatedTelemetry implements AutoCloseable {

  public static final double ACTIVE_WATTS_PER_GHZ2 = 0.25;
  public static final double POLL_WATTS = 0.8;
  public static final double SHALLOW_WATTS = 0.3;
  public static final double DEEP_WATTS = 0.05;
  public static final int DEEP_LATENCY_US = 10;
  public static final double STATIC_WATTS_PER_CPU = 0.15;

  private final EmulatedSysfs sysfs;
  private final Optional<EmulatedPowercap> powercap;
  private final EmulatedProcStat procStat;
  private final Clock clock;
  private final double[] entryCarry;
  private Instant last;
  private ScheduledExecutorService ticker;

  public EmulatedTelemetry(
      EmulatedSysfs sysfs,
      Optional<EmulatedPowercap> powercap,
      EmulatedProcStat procStat,
      Clock clock) {
    this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
    this.powercap = Objects.requireNonNull(powercap, "powercap");
    this.procStat = Objects.requireNonNull(procStat, "procStat");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.entryCarry = new double[sysfs.model().cpus().size()];
  }

  public EmulatedSysfs sysfs() {
    return sysfs;
  }

  public Optional<EmulatedPowercap> powercap() {
    return powercap;
  }

  public EmulatedProcStat procStat() {
    return procStat;
  }

  /**
   * Advances every counter by the time since the previous call, per the model; returns that time
   * (zero on the first call, which only starts the clock, and when the clock has not moved).
   */
  public synchronized Duration advance() {
    Instant now = clock.instant();
    if (last == null || !now.isAfter(last)) {
      last = last == null ? now : last;
      return Duration.ZERO;
    }
    Duration dt = Duration.between(last, now);
    last = now;
    double seconds = dt.toNanos() / 1e9;
    HardwareModel model = sysfs.model();
    List<IdleState> states = model.idleStates();
    int packages = (int) model.cpus().stream().mapToInt(CpuSpec::packageId).max().orElse(0) + 1;
    double[] cpuWatts = new double[packages];
    int[] cpusOf = new int[packages];
    for (int cpu : model.online()) {
      double busy = sysfs.busy(cpu);
      double ghz = sysfs.cpu(cpu).scalingCurKhz() / 1e6;
      int deepest = deepestEnabled(cpu, states.size());
      double idleSeconds = seconds * (1 - busy);
      long idleUs = (long) (idleSeconds * 1e6);
      entryCarry[cpu] += idleSeconds * 1000;
      long entries = (long) entryCarry[cpu];
      entryCarry[cpu] -= entries;
      sysfs.advanceIdle(cpu, deepest, idleUs, entries);
      procStat.advance(cpu, seconds, busy);
      int pkg = model.cpu(cpu).packageId();
      cpusOf[pkg]++;
      cpuWatts[pkg] +=
          busy * ACTIVE_WATTS_PER_GHZ2 * ghz * ghz
              + (1 - busy) * idleWatts(states.get(deepest).latencyUs());
    }
    powercap.ifPresent(
        rapl -> {
          for (int p = 0; p < Math.min(packages, rapl.packages()); p++) {
            double total = cpusOf[p] * STATIC_WATTS_PER_CPU + cpuWatts[p];
            rapl.addEnergy(p, total * seconds * 1e6, cpuWatts[p] * seconds * 1e6);
          }
        });
    try {
      procStat.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dt;
  }

  /** The power the model gives a CPU's idle time in a state with this exit latency. */
  static double idleWatts(int latencyUs) {
    if (latencyUs == 0) {
      return POLL_WATTS;
    }
    return latencyUs < DEEP_LATENCY_US ? SHALLOW_WATTS : DEEP_WATTS;
  }

  private int deepestEnabled(int cpu, int stateCount) {
    for (int k = stateCount - 1; k > 0; k--) {
      try {
        if ("0".equals(sysfs.read("cpu" + cpu + "/cpuidle/state" + k + "/disable").strip())) {
          return k;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return 0;
  }

  /**
   * Calls {@link #advance()} every {@code period} on a daemon thread until {@link #close()}; the
   * first call is at once.
   */
  public synchronized EmulatedTelemetry ticking(Duration period) {
    if (ticker == null) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "emulated-telemetry");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::advanceQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void advanceQuietly() {
    try {
      advance();
    } catch (RuntimeException e) {
      // a CPU went away under us or a file could not be written: the next tick tries again
    }
  }

  /** Stops the ticking thread, if any. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
