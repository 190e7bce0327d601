package io.powermanager.agent.turbo;

import io.powermanager.agent.cpufreq.ApplyResult;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.state.SnapshotStore;
import io.powermanager.agent.sysfs.Errno;
import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.nodesettings.NodeSettings;
import io.powermanager.domain.nodesettings.TurboSwitch;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.tuning.CpuHardware;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The node's turbo switch as the agent's loop uses it: which file it is ({@link #probe}), whether
 * firmware locked it (EPERM), and each CPU's top frequency with turbo on, so windows are planned
 * against the turbo range and clamped under the current ceiling rather than refused. Not
 * thread-safe: the tuner owns it.
 */
public final class TurboControl {

  private final Optional<TurboSwitch> knob;
  private final Map<Integer, Frequency> top = new TreeMap<>();
  private boolean locked;

  public TurboControl(Optional<TurboSwitch> knob) {
    this.knob = Objects.requireNonNull(knob, "knob");
  }

  /**
   * The switch this node has: {@code intel_pstate/no_turbo} where intel_pstate (active or passive)
   * runs, else the global {@code cpufreq/boost} where it exists; empty when neither does.
   */
  public static Optional<TurboSwitch> probe(SysfsPort sysfs) {
    if (sysfs.exists(TurboSwitch.NO_TURBO.path())) {
      return Optional.of(TurboSwitch.NO_TURBO);
    }
    if (sysfs.exists(TurboSwitch.BOOST.path())) {
      return Optional.of(TurboSwitch.BOOST);
    }
    return Optional.empty();
  }

  public Optional<TurboSwitch> knob() {
    return knob;
  }

  /** Whether switching turbo on was refused with EPERM (firmware keeps it off). */
  public boolean locked() {
    return locked;
  }

  /**
   * What the node's settings ask of this node this time.
   *
   * @param node this node's name (derived profiles are named after it)
   * @param settings the PowerNodeSettings that selects this node, if one does
   */
  public record Intent(String node, Optional<NodeSettings> settings) {
    public Intent {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(settings, "settings");
    }

    public static Intent none(String node) {
      return new Intent(node, Optional.empty());
    }

    /** Whether CPUs nobody tunes are clamped too (and must be read). */
    public boolean everyCpu() {
      return settings
          .map(s -> s.limits() && s.scope() == NodeSettings.Scope.ALL_CPUS)
          .orElse(false);
    }
  }

  /**
   * The turbo and limits part of one convergence.
   *
   * @param knob the switch's path; empty when the node has none
   * @param on whether turbo is on after the plan
   * @param locked whether firmware refused switching turbo on (EPERM)
   * @param switched whether the switch was written this time
   * @param settings the PowerNodeSettings applied, if any
   * @param clamped CPUs whose explicit profile window turbo-off clamped, with a sentence
   * @param limited CPUs whose window the limits narrowed, with a sentence
   * @param refused CPUs the settings refused (a limit left the window empty, or named base where
   *     the CPU has none), with the reason
   */
  public record Result(
      Optional<String> knob,
      boolean on,
      boolean locked,
      boolean switched,
      Optional<String> settings,
      Map<Integer, String> clamped,
      Map<Integer, String> limited,
      Map<Integer, String> refused) {

    public Result {
      clamped = Map.copyOf(clamped);
      limited = Map.copyOf(limited);
      refused = Map.copyOf(refused);
    }

    public static Result none() {
      return new Result(
          Optional.empty(), true, false, false, Optional.empty(), Map.of(), Map.of(), Map.of());
    }
  }

  /**
   * Each CPU's hardware with its {@code cpuinfo_max_freq} as turbo gives it: the highest value
   * seen, so a CPU read while turbo is off still plans against its turbo range.
   */
  public Map<Integer, CpuHardware> planning(HardwareFacts hardware) {
    Map<Integer, CpuHardware> out = new TreeMap<>();
    hardware
        .cpus()
        .forEach(
            (cpu, hw) -> {
              Frequency max = top.merge(cpu, hw.cpuinfoMax(), Frequency::max);
              out.put(
                  cpu,
                  max.equals(hw.cpuinfoMax())
                      ? hw
                      : new CpuHardware(
                          cpu,
                          hw.driver(),
                          hw.cpuinfoMin(),
                          max,
                          hw.base(),
                          hw.governors(),
                          hw.epps()));
            });
    return out;
  }

  /**
   * What to do with the switch, from its value now and the snapshotted original; no switch, or an
   * unreadable one, changes nothing and counts as turbo on. A lock is kept for the agent's life
   * (firmware settings change with a reboot).
   */
  public TurboSwitch.Decision decide(Intent intent, SnapshotStore snapshots, SysfsPort sysfs) {
    if (knob.isEmpty()) {
      return noChange(true);
    }
    TurboSwitch sw = knob.get();
    String now;
    try {
      now = sysfs.read(sw.path()).strip();
    } catch (SysfsException e) {
      return noChange(true);
    }
    return sw.decide(
        intent.settings(), now, Optional.ofNullable(snapshots.files().get(sw.path())), locked);
  }

  private static TurboSwitch.Decision noChange(boolean on) {
    return new TurboSwitch.Decision(on, Optional.empty(), false, Optional.empty(), false);
  }

  /**
   * Notes what the switch write did: EPERM locks turbo off (the decision then says turbo off).
   *
   * @return the decision as it turned out
   */
  public TurboSwitch.Decision after(ApplyResult applied, TurboSwitch.Decision decision) {
    if (decision.write().isEmpty()) {
      return decision;
    }
    String path = decision.write().get().path();
    boolean refused =
        applied.failures().stream()
            .anyMatch(
                f ->
                    f.write().path().equals(path)
                        && f.reason()
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains(Errno.EPERM.text().toLowerCase(java.util.Locale.ROOT)));
    if (refused && decision.turboOn()) {
      locked = true;
      return new TurboSwitch.Decision(
          false, decision.write(), decision.first(), decision.recordOriginal(), false);
    }
    return decision;
  }

  /** Whether the switch write of {@code decision} was accepted. */
  public static boolean switched(ApplyResult applied, TurboSwitch.Decision decision) {
    return decision.write().isPresent() && applied.written().contains(decision.write().get());
  }

  /**
   * The hardware facts with every CPU's {@code cpuinfo_max_freq} read again (recent intel_pstate
   * kernels change it when turbo is switched); CPUs that cannot be read keep theirs.
   */
  public static HardwareFacts reread(SysfsPort sysfs, HardwareFacts hardware) {
    Map<Integer, CpuHardware> cpus = new TreeMap<>();
    hardware
        .cpus()
        .forEach(
            (cpu, hw) -> {
              CpuHardware next = hw;
              try {
                long khz =
                    Long.parseLong(sysfs.read("cpu" + cpu + "/cpufreq/cpuinfo_max_freq").strip());
                Frequency max = Frequency.ofKhz(khz);
                if (!max.equals(hw.cpuinfoMax()) && max.compareTo(hw.cpuinfoMin()) >= 0) {
                  next =
                      new CpuHardware(
                          cpu,
                          hw.driver(),
                          hw.cpuinfoMin(),
                          max,
                          hw.base(),
                          hw.governors(),
                          hw.epps());
                }
              } catch (SysfsException | NumberFormatException e) {
                // keep what discovery found
              }
              cpus.put(cpu, next);
            });
    return new HardwareFacts(
        hardware.online(),
        cpus,
        hardware.topology(),
        hardware.driver(),
        hardware.governors(),
        hardware.epps(),
        hardware.idleDriver(),
        hardware.idleStates(),
        hardware.uncore(),
        hardware.missing());
  }
}
