package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.api.convert.ScheduleConversion;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerScheduleEntry;
import io.powermanager.api.v1alpha1.PowerScheduleSpec;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.api.v1alpha1.TimeOfDayEntry;
import io.powermanager.api.v1alpha1.TimeOfDaySpec;
import io.powermanager.api.v1alpha1.UncoreSpec;
import io.powermanager.domain.schedule.ScheduleCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PowerSchedule and TimeOfDay through the validating webhook, on the fixture cluster. */
class ScheduleAdmissionTest {

  private static final Map<String, Map<String, String>> NODES =
      Map.of(
          "node-1", Map.of("kubernetes.io/hostname", "node-1", "power", "true"),
          "node-2", Map.of("kubernetes.io/hostname", "node-2", "power", "true"));

  private static PowerSchedule peak(String name, String at, String sharedProfile) {
    PowerSchedule s = new PowerSchedule();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace(Fixtures.POWER_NS);
    PowerScheduleSpec spec = new PowerScheduleSpec();
    spec.setNodeSelector(new LabelSelectorBuilder().addToMatchLabels("power", "true").build());
    spec.setTimeZone("Europe/Dublin");
    PowerScheduleEntry e = new PowerScheduleEntry();
    e.setAt(at);
    e.setSharedProfile(sharedProfile);
    spec.setEntries(List.of(e));
    s.setSpec(spec);
    return s;
  }

  private static TimeOfDay timeOfDay(String node, String time, String profile) {
    TimeOfDay t = new TimeOfDay();
    t.getMetadata().setName(node);
    t.getMetadata().setNamespace(Fixtures.POWER_NS);
    TimeOfDaySpec spec = new TimeOfDaySpec();
    spec.setTimeZone("Eire");
    TimeOfDayEntry e = new TimeOfDayEntry();
    e.setTime(time);
    e.setPowerProfile(profile);
    spec.setSchedule(List.of(e));
    t.setSpec(spec);
    return t;
  }

  private static AdmissionService service(PowerSchedule... existing) {
    return new AdmissionService(
        Fixtures.catalog(),
        AdmissionSettings.of(Fixtures.POWER_NS),
        ScheduleCatalog.of(
            java.util.Arrays.stream(existing).map(ScheduleConversion::view).toList(),
            Optional.of(NODES)));
  }

  @Test
  void allowsAValidPowerSchedule() {
    // When
    AdmissionResponse r =
        service().validate(Fixtures.request("CREATE", peak("peak", "08:00", "balance-power")));

    // Then
    assertThat(r.getAllowed()).isTrue();
  }

  @Test
  void deniesAMalformedTimeAndAnUnknownProfileNamingTheFields() {
    // When
    AdmissionResponse r =
        service().validate(Fixtures.request("CREATE", timeOfDay("node-1", "25:00", "nope")));

    // Then
    assertThat(r.getAllowed()).isFalse();
    assertThat(r.getStatus().getMessage())
        .contains("spec.schedule[0].time: \"25:00\" is not a time of day")
        .contains("spec.schedule[0].powerProfile: power profile \"nope\" does not exist");
  }

  @Test
  void deniesATimeOfDayForANodeAPowerScheduleAlreadySelects() {
    // When
    AdmissionResponse r =
        service(peak("peak", "08:00", "balance-power"))
            .validate(Fixtures.request("CREATE", timeOfDay("node-1", "10:04", "balance-power")));

    // Then
    assertThat(r.getAllowed()).isFalse();
    assertThat(r.getStatus().getMessage())
        .contains("node node-1 is already scheduled by PowerSchedule power/peak");
  }

  @Test
  void allowsUpdatingASchedule() {
    // When: the stored object is the one being updated, so it does not collide with itself
    PowerSchedule stored = peak("peak", "08:00", "balance-power");
    AdmissionResponse r =
        service(stored)
            .validate(Fixtures.request("UPDATE", peak("peak", "09:00", "shared"), stored, null));

    // Then
    assertThat(r.getAllowed()).isTrue();
  }

  @Test
  void deniesDeletingAProfileAScheduleNames() {
    // When
    AdmissionResponse r =
        service(peak("peak", "08:00", "balance-power"))
            .validate(
                Fixtures.request(
                    "DELETE",
                    null,
                    Fixtures.profile("balance-power", null, null, "balance_power"),
                    null));

    // Then
    assertThat(r.getAllowed()).isFalse();
    assertThat(r.getStatus().getMessage())
        .isEqualTo(
            "metadata.name: power profile \"balance-power\" is named by PowerSchedule power/peak"
                + " spec.entries[0].sharedProfile; change or delete the schedule first");
  }

  @Test
  void deniesInvalidCStateAndUncoreLayersNamingTheEntrysFields() {
    // Given
    PowerSchedule s = peak("peak", "08:00", "balance-power");
    PowerScheduleEntry e = s.getSpec().getEntries().get(0);
    e.setCstates(new CStatesSpec());
    e.getCstates().setSharedPoolCStates(Map.of("C0", false));
    e.getCstates().setIndividualCoreCStates(Map.of("cpu3", Map.of("C6", false)));
    e.setUncore(new UncoreSpec());
    e.getUncore().setSysMin(2_000_000L);
    e.getUncore().setSysMax(1_000_000L);
    TimeOfDay t = timeOfDay("node-1", "10:04", "balance-power");
    t.getSpec().getSchedule().get(0).setCState(new CStatesSpec());
    t.getSpec()
        .getSchedule()
        .get(0)
        .getCState()
        .setNodeSelector(new LabelSelectorBuilder().addToMatchLabels("power", "true").build());

    // When
    AdmissionResponse schedule = service().validate(Fixtures.request("CREATE", s));
    AdmissionResponse timeOfDay = service().validate(Fixtures.request("CREATE", t));

    // Then
    assertThat(schedule.getAllowed()).isFalse();
    assertThat(schedule.getStatus().getMessage())
        .contains("spec.entries[0].cstates.sharedPoolCStates.C0: C0 is the running state")
        .contains("spec.entries[0].cstates.individualCoreCStates[cpu3]: \"cpu3\" is not a decimal")
        .contains("spec.entries[0].uncore.sysMin: 2000000 kHz is above spec.sysMax");
    assertThat(timeOfDay.getAllowed()).isFalse();
    assertThat(timeOfDay.getStatus().getMessage())
        .contains("spec.schedule[0].cState.nodeSelector: a schedule's C-state layer applies");
  }

  @Test
  void allowsValidLayers() {
    // Given
    PowerSchedule s = peak("peak", "08:00", "balance-power");
    PowerScheduleEntry e = s.getSpec().getEntries().get(0);
    e.setCstates(new CStatesSpec());
    e.getCstates().setSharedPoolCStates(Map.of("C6", false));
    e.setUncore(new UncoreSpec());
    e.getUncore().setSysMax(2_000_000L);

    // When
    AdmissionResponse r = service().validate(Fixtures.request("CREATE", s));

    // Then
    assertThat(r.getAllowed()).as("%s", r.getStatus()).isTrue();
  }
}
