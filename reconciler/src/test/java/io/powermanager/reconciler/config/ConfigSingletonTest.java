package io.powermanager.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.powermanager.api.v1alpha1.PowerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigSingletonTest {

  @Test
  void theOldestIsActive() {
    // Given
    PowerConfig older = config("zz-config", "2026-11-29T10:00:00Z", null);
    PowerConfig newer = config("aa-config", "2026-11-29T10:00:05Z", null);

    // When / Then
    assertThat(ConfigSingleton.active(List.of(newer, older))).contains(older);
  }

  @Test
  void theNameBreaksATieWithinTheSameSecond() {
    // Given
    PowerConfig b = config("power-config", "2026-11-29T10:00:00Z", null);
    PowerConfig a = config("another", "2026-11-29T10:00:00Z", null);

    // When / Then
    assertThat(ConfigSingleton.active(List.of(b, a))).contains(a);
  }

  @Test
  void aConfigBeingDeletedIsNoLongerACandidate() {
    // Given
    PowerConfig leaving = config("old", "2026-11-29T09:00:00Z", "2026-11-29T10:01:00Z");
    PowerConfig staying = config("new", "2026-11-29T10:00:00Z", null);

    // When / Then
    assertThat(ConfigSingleton.active(List.of(leaving, staying))).contains(staying);
    assertThat(ConfigSingleton.active(List.of(leaving))).isEmpty();
  }

  @Test
  void aConfigWithoutATimestampSortsLast() {
    // Given
    PowerConfig unstored = config("a", null, null);
    PowerConfig stored = config("b", "2026-11-29T10:00:00Z", null);

    // When / Then
    assertThat(ConfigSingleton.active(List.of(unstored, stored))).contains(stored);
  }

  private static PowerConfig config(String name, String created, String deleted) {
    PowerConfig c = new PowerConfig();
    c.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("power")
            .withCreationTimestamp(created)
            .withDeletionTimestamp(deleted)
            .build());
    return c;
  }
}
