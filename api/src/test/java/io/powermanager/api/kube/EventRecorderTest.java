package io.powermanager.api.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.powermanager.api.v1alpha1.PowerConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  private final List<Event> written = new ArrayList<>();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
  private final EventRecorder recorder =
      new EventRecorder(written::add, clock, "power-manager-reconciler", "replica-1");

  @Test
  void writesAWarningAboutTheObject() {
    // Given
    PowerConfig config = seedConfig();
    config.getMetadata().setUid("uid-1");

    // When
    recorder.warning(config, "DuplicatePowerConfig", "only one");

    // Then
    assertThat(written)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMetadata().getNamespace()).isEqualTo("power");
              assertThat(e.getMetadata().getName()).startsWith("power-config.");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("DuplicatePowerConfig");
              assertThat(e.getMessage()).isEqualTo("only one");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("PowerConfig");
              assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-1");
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-29T10:00:00Z");
              assertThat(e.getSource().getComponent()).isEqualTo("power-manager-reconciler");
              assertThat(e.getReportingInstance()).isEqualTo("replica-1");
            });
  }

  @Test
  void saysTheSameThingAboutTheSameObjectOnlyOnce() {
    // Given
    PowerConfig config = seedConfig();
    config.getMetadata().setUid("uid-1");
    recorder.warning(config, "R", "m");

    // When
    recorder.warning(config, "R", "m");
    recorder.warning(config, "R", "another message");

    // Then
    assertThat(written).extracting(Event::getMessage).containsExactly("m", "another message");
  }

  @Test
  void eventsAboutClusterScopedObjectsGoToTheDefaultNamespace() {
    // When
    recorder.normal(
        new NodeBuilder().withNewMetadata().withName("node-a").withUid("n").endMetadata().build(),
        "R",
        "m");

    // Then
    assertThat(written)
        .singleElement()
        .satisfies(e -> assertThat(e.getMetadata().getNamespace()).isEqualTo("default"));
  }

  @Test
  void aFailedWriteIsRetriedTheNextTime() {
    // Given
    List<Event> accepted = new ArrayList<>();
    boolean[] fail = {true};
    EventRecorder flaky =
        new EventRecorder(
            e -> {
              if (fail[0]) {
                throw new IllegalStateException("API down");
              }
              accepted.add(e);
            },
            clock,
            "c",
            "i");
    PowerConfig config = seedConfig();
    flaky.warning(config, "R", "m");

    // When
    fail[0] = false;
    flaky.warning(config, "R", "m");

    // Then
    assertThat(accepted).hasSize(1);
  }

  private static PowerConfig seedConfig() {
    PowerConfig config = new PowerConfig();
    config.getMetadata().setName("power-config");
    config.getMetadata().setNamespace("power");
    return config;
  }
}
