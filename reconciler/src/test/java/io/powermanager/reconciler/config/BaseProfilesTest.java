package io.powermanager.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.powermanager.api.v1alpha1.FrequencyWindow;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.reconciler.Fixtures;
import io.powermanager.reconciler.kube.Copies;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaseProfilesTest {

  @Test
  void listsEachValidBaseProfileOnceInTheConfigsOrder() {
    // Given
    PowerConfig config =
        Fixtures.config(
            "c", List.of("balance-power", "turbo", "performance", "balance-power", "Performance"));

    // When / Then
    assertThat(BaseProfiles.listed(config))
        .containsExactly(BaseProfile.BALANCE_POWER, BaseProfile.PERFORMANCE);
  }

  @Test
  void aNewBaseProfileHasItsEppNoFrequenciesAndTheConfigAsOwner() {
    // Given
    PowerConfig config = owned("uid-1");

    // When
    PowerProfile p = BaseProfiles.desired(BaseProfile.BALANCE_PERFORMANCE, config, "power");

    // Then
    assertThat(p.getMetadata().getName()).isEqualTo("balance-performance");
    assertThat(p.getSpec().getName()).isEqualTo("balance-performance");
    assertThat(p.getSpec().getEpp()).isEqualTo("balance_performance");
    assertThat(p.getSpec().getMin()).isNull();
    assertThat(p.getSpec().getMax()).isNull();
    assertThat(p.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("PowerConfig");
              assertThat(o.getUid()).isEqualTo("uid-1");
              assertThat(o.getController()).isTrue();
            });
    assertThat(BaseProfiles.isManaged(p)).isTrue();
  }

  @Test
  void aProfileTheUserCreatedIsNotManaged() {
    assertThat(BaseProfiles.isManaged(Fixtures.profile("performance", null, 3000, "performance")))
        .isFalse();
  }

  @Test
  void aProfileOfAnEarlierConfigIsReownedAndKeepsItsSpec() {
    // Given
    PowerProfile earlier = BaseProfiles.desired(BaseProfile.PERFORMANCE, owned("old"), "power");
    earlier.getSpec().setMax(new IntOrString(3000));

    // When
    var adopted = BaseProfiles.adopted(earlier, owned("new"), Copies::of);

    // Then
    assertThat(adopted)
        .hasValueSatisfying(
            p -> {
              assertThat(p.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getUid()).isEqualTo("new"));
              assertThat(p.getSpec().getMax()).isEqualTo(new IntOrString(3000));
            });
    assertThat(earlier.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("old");
  }

  @Test
  void aProfileAlreadyOwnedNeedsNothing() {
    // Given
    PowerConfig config = owned("uid-1");
    PowerProfile p = BaseProfiles.desired(BaseProfile.PERFORMANCE, config, "power");

    // When / Then
    assertThat(BaseProfiles.adopted(p, config, Copies::of)).isEmpty();
  }

  private static PowerConfig owned(String uid) {
    PowerConfig c = Fixtures.seedConfig();
    c.getMetadata().setUid(uid);
    return c;
  }

  @Test
  void baseProfileWindowsOverrideTheWindowOfTheBaseProfilesTheConfigManages() {
    // Given
    PowerConfig config = owned("uid-1");
    config
        .getSpec()
        .getBaseProfileWindows()
        .put("balance-power", new FrequencyWindow(new IntOrString("40%"), new IntOrString("55%")));

    // When
    PowerProfile created = BaseProfiles.desired(BaseProfile.BALANCE_POWER, config, "power");
    PowerProfile old = BaseProfiles.desired(BaseProfile.BALANCE_POWER, owned("uid-1"), "power");
    var updated = BaseProfiles.windowed(old, BaseProfile.BALANCE_POWER, config, Copies::of);
    var unchanged = BaseProfiles.windowed(created, BaseProfile.BALANCE_POWER, config, Copies::of);
    var notListed = BaseProfiles.windowed(old, BaseProfile.PERFORMANCE, config, Copies::of);

    // Then
    assertThat(created.getSpec().getMin()).isEqualTo(new IntOrString("40%"));
    assertThat(created.getSpec().getMax()).isEqualTo(new IntOrString("55%"));
    assertThat(updated)
        .hasValueSatisfying(
            p -> {
              assertThat(p.getSpec().getMin()).isEqualTo(new IntOrString("40%"));
              assertThat(p.getSpec().getMax()).isEqualTo(new IntOrString("55%"));
            });
    assertThat(old.getSpec().getMin()).isNull();
    assertThat(unchanged).isEmpty();
    assertThat(notListed).isEmpty();
  }
}
