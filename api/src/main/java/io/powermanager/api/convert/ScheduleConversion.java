package io.powermanager.api.convert;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerScheduleEntry;
import io.powermanager.api.v1alpha1.ProfileOverride;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.api.v1alpha1.TimeOfDayEntry;
import io.powermanager.api.v1alpha1.TimeOfDayPods;
import io.powermanager.domain.schedule.LabelSelector;
import io.powermanager.domain.schedule.ScheduleView;
import java.util.List;
import java.util.Objects;

/** PowerSchedule and TimeOfDay objects as the domain's {@link ScheduleView}. Pure. */
public final class ScheduleConversion {

  private ScheduleConversion() {}

  public static ScheduleView view(PowerSchedule s) {
    var spec = s.getSpec();
    List<PowerScheduleEntry> entries = spec == null ? List.of() : orEmpty(spec.getEntries());
    return new ScheduleView(
        ScheduleView.Kind.POWER_SCHEDULE,
        s.getMetadata().getNamespace(),
        s.getMetadata().getName(),
        new ScheduleView.Selected(selector(spec == null ? null : spec.getNodeSelector())),
        spec == null ? null : spec.getTimeZone(),
        entries.stream()
            .filter(Objects::nonNull)
            .map(e -> entry(s.getMetadata().getName(), e))
            .toList());
  }

  public static ScheduleView view(TimeOfDay t) {
    var spec = t.getSpec();
    List<TimeOfDayEntry> entries = spec == null ? List.of() : orEmpty(spec.getSchedule());
    return new ScheduleView(
        ScheduleView.Kind.TIME_OF_DAY,
        t.getMetadata().getNamespace(),
        t.getMetadata().getName(),
        new ScheduleView.NodeNamed(t.getMetadata().getName()),
        spec == null ? null : spec.getTimeZone(),
        entries.stream().filter(Objects::nonNull).map(ScheduleConversion::entry).toList());
  }

  private static ScheduleView.EntryView entry(String schedule, PowerScheduleEntry e) {
    return new ScheduleView.EntryView(
        e.getAt(),
        orEmpty(e.getDays()),
        e.getSharedProfile(),
        orEmpty(e.getProfileOverrides()).stream()
            .filter(Objects::nonNull)
            .map(ScheduleConversion::override)
            .toList(),
        layer(e.getCstates()),
        e.getUncore() == null ? null : UncoreConversion.request(schedule, e.getUncore()));
  }

  private static ScheduleView.EntryView entry(TimeOfDayEntry e) {
    return new ScheduleView.EntryView(
        e.getTime(),
        List.of(),
        e.getPowerProfile(),
        orEmpty(e.getPods()).stream()
            .filter(Objects::nonNull)
            .map(ScheduleConversion::override)
            .toList(),
        layer(e.getCState()),
        null);
  }

  /** A C-state layer as written, or null. */
  private static ScheduleView.CStatesLayer layer(CStatesSpec c) {
    return c == null
        ? null
        : new ScheduleView.CStatesLayer(
            c.getSharedPoolCStates(),
            c.getExclusivePoolCStates(),
            c.getIndividualCoreCStates(),
            c.getNodeSelector() != null);
  }

  private static ScheduleView.OverrideView override(ProfileOverride o) {
    return new ScheduleView.OverrideView(selector(o.getPodSelector()), o.getFrom(), o.getTo());
  }

  private static ScheduleView.OverrideView override(TimeOfDayPods p) {
    return new ScheduleView.OverrideView(selector(p.getLabels()), null, p.getTarget());
  }

  /** The domain's selector; a missing one is empty. */
  public static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector s) {
    if (s == null) {
      return new LabelSelector(null, null);
    }
    return new LabelSelector(
        s.getMatchLabels(),
        orEmpty(s.getMatchExpressions()).stream()
            .filter(Objects::nonNull)
            .map(ScheduleConversion::requirement)
            .toList());
  }

  private static LabelSelector.Requirement requirement(LabelSelectorRequirement r) {
    return new LabelSelector.Requirement(r.getKey(), r.getOperator(), r.getValues());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
