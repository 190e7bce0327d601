package io.powermanager.reconciler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerScheduleEntry;
import io.powermanager.api.v1alpha1.PowerScheduleSpec;
import io.powermanager.api.v1alpha1.TimeOfDay;
import io.powermanager.api.v1alpha1.TimeOfDayEntry;
import io.powermanager.api.v1alpha1.TimeOfDaySpec;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.reconciler.Fixtures;
import io.powermanager.reconciler.Reconcilers;
import io.powermanager.reconciler.TickingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules that reached the API server without the webhook (none is configured here) get an {@code
 * Accepted} condition saying what is wrong, which follows the profiles they name.
 */
class ScheduleReconcilerIT {

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private EmbeddedApiServer api;
  private KubernetesClient client;
  private Reconcilers reconcilers;

  @BeforeEach
  void start() {
    api = Fixtures.startApiServer();
    client = api.client();
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    reconcilers = Fixtures.startReconcilers(client, clock);
  }

  @AfterEach
  void stop() {
    reconcilers.close();
    api.close();
  }

  private static PowerSchedule schedule(String sharedProfile) {
    PowerSchedule s = new PowerSchedule();
    s.getMetadata().setName("office-hours");
    s.getMetadata().setNamespace(Fixtures.NAMESPACE);
    PowerScheduleSpec spec = new PowerScheduleSpec();
    spec.setNodeSelector(
        new LabelSelectorBuilder().addToMatchLabels(Fixtures.POWER_LABEL, "true").build());
    PowerScheduleEntry e = new PowerScheduleEntry();
    e.setAt("08:00");
    e.setSharedProfile(sharedProfile);
    spec.setEntries(List.of(e));
    s.setSpec(spec);
    return s;
  }

  private Optional<Condition> accepted(
      Class<
              ? extends
                  io.fabric8.kubernetes.client.CustomResource<
                      ?, io.powermanager.api.v1alpha1.ScheduleStatus>>
          kind,
      String name) {
    var o = client.resources(kind).inNamespace(Fixtures.NAMESPACE).withName(name).get();
    if (o == null || o.getStatus() == null) {
      return Optional.empty();
    }
    return o.getStatus().getConditions().stream()
        .filter(c -> ScheduleReconciler.ACCEPTED.equals(c.getType()))
        .findFirst();
  }

  @Test
  void aScheduleNamingAMissingProfileIsNotAcceptedUntilTheProfileExists() {
    // When
    client.resources(PowerSchedule.class).resource(schedule("eco")).create();

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(accepted(PowerSchedule.class, "office-hours"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("Invalid");
                          assertThat(c.getMessage())
                              .isEqualTo(
                                  "spec.entries[0].sharedProfile: power profile \"eco\" does"
                                      + " not exist");
                        }));

    // When
    client
        .resources(PowerProfile.class)
        .resource(Fixtures.profile("eco", 1000, 1500, "power"))
        .create();

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(accepted(PowerSchedule.class, "office-hours"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
  }

  @Test
  void aTimeOfDayForANodeAPowerScheduleSelectsIsNotAccepted() {
    // Given
    client
        .resources(PowerProfile.class)
        .resource(Fixtures.profile("eco", 1000, 1500, "power"))
        .create();
    client.resources(PowerSchedule.class).resource(schedule("eco")).create();
    TimeOfDay tod = new TimeOfDay();
    tod.getMetadata().setName("node-a");
    tod.getMetadata().setNamespace(Fixtures.NAMESPACE);
    TimeOfDaySpec spec = new TimeOfDaySpec();
    TimeOfDayEntry e = new TimeOfDayEntry();
    e.setTime("10:04");
    e.setPowerProfile("eco");
    spec.setSchedule(List.of(e));
    tod.setSpec(spec);

    // When
    client.resources(TimeOfDay.class).resource(tod).create();

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(accepted(TimeOfDay.class, "node-a"))
                    .hasValueSatisfying(
                        c ->
                            assertThat(c.getMessage())
                                .isEqualTo(
                                    "metadata.name: node node-a is already scheduled by"
                                        + " PowerSchedule power/office-hours; one schedule"
                                        + " (PowerSchedule or TimeOfDay) per node")));
  }

  @Test
  void aScheduleWithAnInvalidUncoreLayerIsNotAccepted() {
    // Given
    client
        .resources(PowerProfile.class)
        .resource(Fixtures.profile("eco", 1000, 1500, "power"))
        .create();
    PowerSchedule s = schedule("eco");
    s.getSpec().getEntries().get(0).setUncore(new io.powermanager.api.v1alpha1.UncoreSpec());
    s.getSpec().getEntries().get(0).getUncore().setSysMin(2_000_000L);
    s.getSpec().getEntries().get(0).getUncore().setSysMax(1_000_000L);

    // When
    client.resources(PowerSchedule.class).resource(s).create();

    // Then
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(accepted(PowerSchedule.class, "office-hours"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getMessage())
                              .isEqualTo(
                                  "spec.entries[0].uncore.sysMin: 2000000 kHz is above"
                                      + " spec.sysMax 1000000 kHz");
                        }));
  }
}
