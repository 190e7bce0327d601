package io.powermanager.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;

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
}
