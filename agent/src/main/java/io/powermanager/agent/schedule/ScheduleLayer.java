package io.powermanager.agent.schedule;

import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.agent.node.NodeModel;
import io.powermanager.agent.node.TunedContainer;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.convert.CStatesConversion;
import io.powermanager.api.convert.ProfileConversion;
import io.powermanager.api.convert.ScheduleConversion;
import io.powermanager.api.v1alpha1.NodeSchedule;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.cstates.CStatesConfig;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.ExtendedProfiles;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.schedule.Schedule;
import io.powermanager.domain.schedule.ScheduleRules;
import io.powermanager.domain.schedule.ScheduleView;
import io.powermanager.domain.schedule.ScheduleView.EntryView;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.domain.uncore.UncoreLimits;
import io.powermanager.domain.uncore.UncoreRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The active entry of the schedule that applies to this node, laid over the node's model: the
 * Shared pool's profile and pod retunes. Pure: no I/O, no clock (the instant is an input);
 * recomputed on every recompute, so an edit, a delete or a transition takes effect at the next one.
 *
 * <p>A retune changes only which profile a container's CPUs run ({@link #claims}); the model's
 * containers, and so the PowerWorkloads and extended-resource accounting, keep the requested
 * profile.
 */
public final class ScheduleLayer {

  private ScheduleLayer() {}

  /**
   * Everything the layer is computed from.
   *
   * @param apiPods the API's pods on this node (for their labels)
   * @param profileCrs the PowerProfiles of the power namespace
   * @param range the node's common hardware range, to derive a missing extended profile
   * @param reserved the kubelet's reserved CPUs, compared with a TimeOfDay's {@code reservedCPUs}
   */
  public record Inputs(
      String node,
      Map<String, String> nodeLabels,
      List<PowerSchedule> schedules,
      List<TimeOfDay> timeOfDays,
      Instant now,
      NodeModel model,
      List<Pod> apiPods,
      List<io.powermanager.api.v1alpha1.PowerProfile> profileCrs,
      Optional<HardwareRange> range) {}

  /** A container whose CPUs run {@code to} instead of {@code from} while the entry is active. */
  public record Retune(PodKey pod, String container, CpuSet cpus, String from, String to) {}

  /**
   * The layer.
   *
   * @param model the node's model with the Shared pool's profile replaced and the layer's profiles
   *     added
   * @param claims the exclusive claims with retunes applied
   * @param retunes the containers retuned, keyed by pod UID and container
   * @param status where the schedule stands on this node; empty when none applies
   * @param nextAt the next transition; empty when no schedule applies
   * @param cstates the active entry's C-state layer, to lay over the node's CStates object
   * @param uncore the active entry's uncore layer, to lay over the node's Uncore object
   */
  public record Applied(
      NodeModel model,
      List<ExclusiveClaim> claims,
      Map<String, Retune> retunes,
      Optional<NodeSchedule> status,
      Optional<Instant> nextAt,
      Optional<CStatesConfig> cstates,
      Optional<UncoreLimits> uncore) {

    public Applied {
      Objects.requireNonNull(cstates, "cstates");
      Objects.requireNonNull(uncore, "uncore");
    }

    /** No layer: the model as it is. */
    public static Applied none(NodeModel model) {
      return new Applied(
          model,
          model.claims(),
          Map.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }

  public static Applied apply(Inputs in) {
    NodeModel model = in.model();
    List<ScheduleView> views = new ArrayList<>();
    in.schedules().stream().map(ScheduleConversion::view).forEach(views::add);
    in.timeOfDays().stream().map(ScheduleConversion::view).forEach(views::add);
    List<ScheduleView> mine =
        views.stream()
            .filter(v -> v.target().selects(in.node(), in.nodeLabels()))
            .sorted(Comparator.comparing(ScheduleView::describe))
            .toList();
    if (mine.isEmpty()) {
      return Applied.none(model);
    }
    ScheduleView view = mine.get(0);
    NodeSchedule status = new NodeSchedule();
    status.setKind(view.kind().kindName());
    status.setNamespace(view.namespace());
    status.setName(view.name());
    List<String> problems = new ArrayList<>();
    mine.stream()
        .skip(1)
        .forEach(
            other ->
                problems.add(
                    other.describe()
                        + " also applies to node "
                        + in.node()
                        + "; only "
                        + view.describe()
                        + " (first by kind, namespace and name) is applied"));
    reservedMismatch(in, view).ifPresent(problems::add);
    ScheduleRules.Parsed parsed = ScheduleRules.parse(view);
    if (parsed instanceof ScheduleRules.Invalid invalid) {
      invalid.violations().forEach(v -> problems.add("not applied: " + v));
      status.setProblems(problems);
      return new Applied(
          model,
          model.claims(),
          Map.of(),
          Optional.of(status),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
    Schedule<EntryView> schedule = ((ScheduleRules.Valid) parsed).schedule();
    Schedule.Position<EntryView> position = schedule.at(in.now());
    EntryView entry = position.active().layer();
    String field = view.kind() == ScheduleView.Kind.POWER_SCHEDULE ? "entries" : "schedule";
    status.setActiveEntry(
        field + "[" + position.active().index() + "] " + position.active().layer().at());
    status.setActiveSince(position.since().toString());
    status.setNextEntry(
        field + "[" + position.next().index() + "] " + position.next().layer().at());
    status.setNextTransition(position.nextAt().toString());

    Map<String, PowerProfile> valid = new TreeMap<>();
    for (var cr : in.profileCrs()) {
      ProfileConversion.valid(cr).ifPresent(p -> valid.put(p.name(), p));
    }
    Map<String, PowerProfile> profiles = new TreeMap<>(model.profiles());
    Optional<NodeModel.SharedChoice> shared = model.shared();
    if (entry.sharedProfile() != null) {
      Optional<PowerProfile> p = resolve(entry.sharedProfile(), in, valid);
      if (p.isEmpty()) {
        problems.add(
            "sharedProfile \"" + entry.sharedProfile() + "\" cannot be resolved on this node");
      } else if (shared.isEmpty()) {
        problems.add(
            "sharedProfile \""
                + entry.sharedProfile()
                + "\" not applied: no shared PowerWorkload selects this node, so it has no Shared"
                + " pool");
      } else {
        profiles.put(p.get().name(), p.get());
        shared = Optional.of(shared.get().withProfile(p.get().name()));
        status.setSharedProfile(p.get().name());
      }
    }
    String source = view.describe() + " " + status.getActiveEntry().split(" ")[0];
    Optional<CStatesConfig> cstates = Optional.empty();
    if (entry.cstates() != null) {
      if (entry.cstates().hasNodeSelector()) {
        problems.add("the entry's C-state layer sets nodeSelector; it applies to this node anyway");
      }
      cstates =
          Optional.of(
              CStatesConversion.config(
                  source
                      + (view.kind() == ScheduleView.Kind.POWER_SCHEDULE ? ".cstates" : ".cState"),
                  entry.cstates()));
    }
    Optional<UncoreLimits> uncore = Optional.empty();
    if (entry.uncore() != null) {
      RuleResult spec = UncoreRules.checkSpec(entry.uncore());
      if (spec.allowed()) {
        uncore = Optional.of(UncoreRules.parse(entry.uncore()));
      } else {
        problems.add("the entry's uncore layer is not applied: " + spec.message());
      }
    }

    Map<String, Pod> podsByUid = new TreeMap<>();
    for (Pod p : in.apiPods()) {
      if (p.getMetadata() != null && p.getMetadata().getUid() != null) {
        podsByUid.put(p.getMetadata().getUid(), p);
      }
    }
    List<ExclusiveClaim> claims = new ArrayList<>();
    Map<String, Retune> retunes = new LinkedHashMap<>();
    for (TunedContainer c : model.containers()) {
      String runs = c.profile();
      Pod pod = podsByUid.get(c.pod().uid());
      Map<String, String> labels =
          pod == null || pod.getMetadata().getLabels() == null
              ? Map.of()
              : pod.getMetadata().getLabels();
      for (ScheduleView.OverrideView o : entry.overrides()) {
        if (o.podSelector() == null || o.podSelector().isEmpty() || o.to() == null) {
          continue;
        }
        if (!o.podSelector().matches(labels)) {
          continue;
        }
        if (o.from() != null && !o.from().equals(c.requested()) && !o.from().equals(c.profile())) {
          continue;
        }
        Optional<PowerProfile> to = resolve(o.to(), in, valid);
        if (to.isEmpty()) {
          problems.add("profile \"" + o.to() + "\" cannot be resolved on this node");
        } else if (to.get().isShared()) {
          problems.add("profile \"" + o.to() + "\" is shared; pods are not retuned to it");
        } else {
          profiles.put(to.get().name(), to.get());
          runs = to.get().name();
        }
        break;
      }
      claims.add(new ExclusiveClaim(c.owner(), c.cpus(), runs));
      if (!runs.equals(c.profile())) {
        retunes.put(
            c.pod().uid() + "/" + c.container(),
            new Retune(c.pod(), c.container(), c.cpus(), c.profile(), runs));
      }
    }
    status.setProblems(problems.stream().distinct().toList());
    NodeModel layered =
        new NodeModel(
            model.nodeName(),
            model.containers(),
            java.util.Collections.unmodifiableMap(profiles),
            shared,
            model.sharedProblems(),
            model.reservedMismatch(),
            model.podProblems(),
            model.online(),
            model.allocatable());
    return new Applied(
        layered,
        List.copyOf(claims),
        java.util.Collections.unmodifiableMap(retunes),
        Optional.of(status),
        Optional.of(position.nextAt()),
        cstates,
        uncore);
  }

  private static Optional<String> reservedMismatch(Inputs in, ScheduleView view) {
    if (view.kind() != ScheduleView.Kind.TIME_OF_DAY) {
      return Optional.empty();
    }
    return in.timeOfDays().stream()
        .filter(t -> view.name().equals(t.getMetadata().getName()))
        .filter(t -> Objects.equals(view.namespace(), t.getMetadata().getNamespace()))
        .findFirst()
        .map(t -> t.getSpec() == null ? null : t.getSpec().getReservedCPUs())
        .filter(r -> !r.isEmpty())
        .map(r -> CpuSet.of(r.stream().filter(Objects::nonNull).toList()))
        .filter(r -> !r.equals(in.model().reserved()))
        .map(
            r ->
                "reservedCPUs "
                    + r
                    + " differs from the kubelet's reserved CPUs "
                    + (in.model().reserved().isEmpty() ? "(none)" : in.model().reserved())
                    + "; the kubelet's are used");
  }

  /**
   * The profile {@code name} runs on this node: the extended {@code <base>-<node>} for a base
   * profile (found by labels, derived when the reconciler has not made it yet), else the profile
   * itself.
   */
  private static Optional<PowerProfile> resolve(
      String name, Inputs in, Map<String, PowerProfile> valid) {
    Optional<BaseProfile> base = BaseProfile.byName(name);
    if (base.isEmpty()) {
      return Optional.ofNullable(valid.get(name));
    }
    Optional<PowerProfile> extended =
        in.profileCrs().stream()
            .filter(cr -> cr.getMetadata() != null && cr.getMetadata().getLabels() != null)
            .filter(cr -> name.equals(cr.getMetadata().getLabels().get(PowerLabels.BASE_PROFILE)))
            .filter(cr -> in.node().equals(cr.getMetadata().getLabels().get(PowerLabels.NODE)))
            .map(cr -> valid.get(cr.getMetadata().getName()))
            .filter(Objects::nonNull)
            .findFirst();
    if (extended.isPresent()) {
      return extended;
    }
    PowerProfile baseProfile = valid.get(name);
    if (baseProfile == null || in.range().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        ExtendedProfiles.derive(baseProfile, base.get(), in.node(), in.range().get()));
  }
}
