package io.powermanager.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

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
    earlier.getSpec().setMax(3000);

    // When
    var adopted = BaseProfiles.adopted(earlier, owned("new"), Copies::of);

    // Then
    assertThat(adopted)
        .hasValueSatisfying(
            p -> {
              assertThat(p.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getUid()).isEqualTo("new"));
              assertThat(p.getSpec().getMax()).isEqualTo(3000);
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
}
