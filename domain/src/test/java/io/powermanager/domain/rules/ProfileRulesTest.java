package io.powermanager.domain.rules;

import static io.powermanager.domain.rules.RuleFixtures.CLUSTER;
import static io.powermanager.domain.rules.RuleFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.Frequency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileRulesTest {

  @Test
  void allowsTheSeedsSharedProfile() {
    ProfileView p = new ProfileView("shared", "shared", 1000L, 1500L, "power", null, null);
    assertThat(ProfileRules.check(p, CLUSTER)).isEqualTo(RuleResult.ok());
  }

  @Test
  void deniesSpecNameDifferentFromMetadataName() {
    ProfileView p = new ProfileView("shared", "other", 1000L, 1500L, "power", null, null);
    assertThat(messages(ProfileRules.check(p, CLUSTER)))
        .containsExactly(
            "spec.name: \"other\" differs from metadata.name \"shared\"; they must be equal");
  }

  @Test
  void deniesInvalidSpecWithEveryReason() {
    ProfileView p = new ProfileView("p", "p", 2000L, 1000L, "fast", null, null);
    assertThat(messages(ProfileRules.check(p, CLUSTER))).hasSize(2);
  }

  @Test
  void warnsWhenMaxExceedsEveryNode() {
    ProfileView p = new ProfileView("p", null, 1000L, 4000L, "performance", null, null);
    RuleResult r = ProfileRules.check(p, CLUSTER);
    assertThat(r.allowed()).isTrue();
    assertThat(r.warnings())
        .containsExactly(
            "max 4000 MHz exceeds the hardware of every power node (highest 3800 MHz); no node"
                + " can run this profile");
  }

  @ParameterizedTest
  @CsvSource({
    "400, 600, 'min 400 MHz is below the hardware of every power node (lowest 800 MHz); no node"
        + " can run this profile'",
    "700, 3000, 'min 700 MHz is below the hardware of every power node (lowest 800 MHz); no node"
        + " can run this profile'",
    "800, 3800, ''",
    ", 3000, ''",
    "3900, 4000, 'max 4000 MHz exceeds the hardware of every power node (highest 3800 MHz); no"
        + " node can run this profile'"
  })
  void warnsWhenTheWindowLeavesEveryNodeAboveOrBelow(Long min, long max, String warning) {
    ProfileView p = new ProfileView("p", null, min, max, "performance", null, null);
    RuleResult r = ProfileRules.check(p, CLUSTER);
    assertThat(r.allowed()).isTrue();
    assertThat(r.warnings())
        .isEqualTo(warning == null || warning.isEmpty() ? List.of() : List.of(warning));
  }

  @Test
  void warnsOnlyWhenEveryNodeIsAboveTheMin() {
    PowerCatalog twoNodes =
        StaticCatalog.builder()
            .powerNodeMinimum(Frequency.ofMhz(800))
            .powerNodeMinimum(Frequency.ofMhz(400))
            .build();
    ProfileView p = new ProfileView("p", null, 500L, 1000L, "performance", null, null);
    assertThat(ProfileRules.check(p, twoNodes).warnings()).isEmpty();
  }

  @Test
  void deniesDeletingAProfileInUse() {
    assertThat(messages(ProfileRules.checkDelete("performance", CLUSTER)))
        .containsExactly(
            "metadata.name: power profile \"performance\" is in use by pod default/web-1; delete"
                + " those first");
  }

  @Test
  void allowsDeletingAnUnusedProfile() {
    assertThat(ProfileRules.checkDelete("shared", CLUSTER).allowed()).isTrue();
  }

  @Test
  void namesAtMostFiveUsers() {
    StaticCatalog.Builder b = StaticCatalog.builder();
    for (int i = 0; i < 7; i++) {
      b.user("p", "pod default/w-" + i);
    }
    assertThat(ProfileRules.checkDelete("p", b.build()).message())
        .endsWith("pod default/w-4 and 2 more; delete those first");
  }
}
