package io.powermanager.domain.rules;

import static io.powermanager.domain.rules.RuleFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.domain.RuleResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageAllowListTest {

  private static final String CHART_REPOSITORY = "ghcr.io/power-manager/power-manager";
  private static final ImageAllowList CHART = ImageAllowList.of(CHART_REPOSITORY);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghcr.io/power-manager/power-manager",
        "ghcr.io/power-manager/power-manager:0.2.0",
        "ghcr.io/power-manager/power-manager@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "ghcr.io/power-manager/power-manager:0.2.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "ghcr.io/power-manager/power-manager/debug:1"
      })
  void admitsTheListedRepositoryWithAnyTagOrDigest(String image) {
    assertThat(CHART.allows(image)).isTrue();
    assertThat(CHART.check(image)).isEqualTo(RuleResult.ok());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil/x:1",
        "ghcr.io/power-manager/power-manager-evil:1",
        "ghcr.io/power-manager/power-managerx",
        "ghcr.io/power-manager:1",
        "evil.example/ghcr.io/power-manager/power-manager:1",
        "power-manager:1"
      })
  void deniesOtherRepositoriesIncludingThePrefixTrick(String image) {
    assertThat(CHART.allows(image)).isFalse();
    assertThat(messages(CHART.check(image)))
        .containsExactly(
            "spec.powerImage: \""
                + image
                + "\" is not allowed; allowed: ghcr.io/power-manager/power-manager (any tag or"
                + " digest)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghcr.io/power-manager/power-manager:evil/x",
        "ghcr.io/power-manager/power-manager x",
        "GHCR.io/Power-Manager/power-manager:1",
        "ghcr.io/power-manager/power-manager@sha256:short"
      })
  void deniesTextThatIsNoImageReference(String image) {
    assertThat(CHART.allows(image)).isFalse();
    assertThat(messages(CHART.check(image)))
        .containsExactly(
            "spec.powerImage: \"" + image.strip() + "\" is not a valid image reference");
  }

  @ParameterizedTest
  @CsvSource({
    "ghcr.io/acme, ghcr.io/acme/power-manager:1, true",
    "ghcr.io/acme/, ghcr.io/acme/agent@sha256:0123456789abcdef0123456789abcdef, true",
    "ghcr.io/acme, ghcr.io/acme-evil/power-manager:1, false",
    "registry.local:5000, registry.local:5000/pm:1, true",
    "registry.local:5000, registry.local:50001/pm:1, false"
  })
  void entriesArePrefixesMatchedAtAPathBoundary(String entry, String image, boolean allowed) {
    assertThat(ImageAllowList.of(entry).allows(image)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"appqos:latest", "docker.io/intel/appqos:v1.2"})
  void admitsAnAbsentFieldAndTheSeedsAppQosImageWhichNeverRun(String powerImage) {
    assertThat(ImageAllowList.none().check(powerImage)).isEqualTo(RuleResult.ok());
    assertThat(CHART.check(powerImage)).isEqualTo(RuleResult.ok());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghcr.io/power-manager/power-manager:0.1.0", "evil/x:1"})
  void anEmptyListAdmitsNoNamedImage(String image) {
    assertThat(ImageAllowList.none().check(image).allowed()).isFalse();
    assertThat(ImageAllowList.none().check(image).message())
        .contains("omit spec.powerImage to run the default agent image");
  }

  @org.junit.jupiter.api.Test
  void includingTheDefaultImageAdmitsItsRepositoryOnly() {
    ImageAllowList list =
        ImageAllowList.none().including("ghcr.io/power-manager/power-manager:0.1.0");
    assertThat(list.repositories()).containsExactly(CHART_REPOSITORY);
    assertThat(list.allows("ghcr.io/power-manager/power-manager:0.3.0")).isTrue();
    assertThat(list.allows("evil/x:1")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void parsesTheCommaSeparatedFlag() {
    assertThat(ImageAllowList.parse(" a.example/x , ,b.example/y/,a.example/x").repositories())
        .containsExactly("a.example/x", "b.example/y");
    assertThat(ImageAllowList.parse("").isEmpty()).isTrue();
    assertThat(ImageAllowList.parse(null).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a.example/x:1", "a.example/x@sha256:00", "has space/x", "a.example/UPPER"})
  void refusesEntriesThatAreNoRepository(String entry) {
    assertThatThrownBy(() -> ImageAllowList.of(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry);
  }
}
