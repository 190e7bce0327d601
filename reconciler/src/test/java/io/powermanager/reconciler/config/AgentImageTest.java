package io.powermanager.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.rules.ImageAllowList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentImageTest {

  private static final String CONFIGURED = "ghcr.io/example/power-manager:0.1.0";

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void usesTheConfiguredImageWhenThePowerConfigNamesNone(String powerImage) {
    // When
    AgentImage image = AgentImage.choose(powerImage, CONFIGURED);

    // Then
    assertThat(image.image()).isEqualTo(CONFIGURED);
    assertThat(image.reason()).contains("spec.powerImage is not set").contains(CONFIGURED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "appqos:latest",
        "appqos",
        "docker.io/intel/appqos:v1.2",
        "registry:5000/team/appqos@sha256:0123abcd"
      })
  void replacesTheSeedsAppQosImageWithTheConfiguredAgent(String powerImage) {
    // When
    AgentImage image = AgentImage.choose(powerImage, CONFIGURED);

    // Then
    assertThat(image.image()).isEqualTo(CONFIGURED);
    assertThat(image.reason()).contains("App QoS").contains(powerImage).contains(CONFIGURED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"mirror.example/power-manager:0.2.0", "power-manager:dev", "my-appqos-agent:1"})
  void honoursAnyOtherImage(String powerImage) {
    // When
    AgentImage image = AgentImage.choose(powerImage, CONFIGURED);

    // Then
    assertThat(image.image()).isEqualTo(powerImage);
    assertThat(image.reason()).contains("from spec.powerImage");
  }

  @ParameterizedTest
  @CsvSource({
    "appqos, appqos",
    "appqos:latest, appqos",
    "registry:5000/appqos:1, appqos",
    "a/b/c:tag@sha256:ff, c",
    "localhost:5000/power, power"
  })
  void repositoryNameIsTheLastPathSegmentWithoutTagOrDigest(String image, String name) {
    assertThat(AgentImage.repositoryName(image)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"evil/x:1", "ghcr.io/example/power-manager-evil:1", "mirror.example/pm:1"})
  void refusesAnImageOutsideTheAllowListAndTheConfiguredRepository(String powerImage) {
    // When
    AgentImage image = AgentImage.choose(powerImage, CONFIGURED, ImageAllowList.none());

    // Then
    assertThat(image.refused()).isTrue();
    assertThat(image.rules().message())
        .isEqualTo(
            "spec.powerImage: \""
                + powerImage
                + "\" is not allowed; allowed: ghcr.io/example/power-manager (any tag or digest)");
    assertThat(image.reason()).contains("neither created nor updated");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ghcr.io/example/power-manager:0.2.0", "mirror.example/pm:1", "appqos:latest"})
  void honoursTheConfiguredRepositoryListedImagesAndTheSeedsAppQos(String powerImage) {
    // When
    AgentImage image =
        AgentImage.choose(powerImage, CONFIGURED, ImageAllowList.of("mirror.example/pm"));

    // Then
    assertThat(image.refused()).isFalse();
    assertThat(image).isEqualTo(AgentImage.choose(powerImage, CONFIGURED));
  }
}
