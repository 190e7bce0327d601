package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;
import static io.powermanager.webhook.Fixtures.config;
import static io.powermanager.webhook.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.domain.rules.ImageAllowList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: a PowerConfig's {@code spec.powerImage} against the agent image allow-list the
 * chart passes with {@code --agent-image-allow-list} (#19.7).
 */
class AgentImageAdmissionTest {

  private static final String CHART_REPOSITORY = "ghcr.io/power-manager/power-manager";
  private static final ImageAllowList CHART = ImageAllowList.of(CHART_REPOSITORY);
  private static final String DIGEST =
      "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  static Stream<Arguments> images() {
    return Stream.of(
        Arguments.of("admitsTheChartImageWithATag", CHART, CHART_REPOSITORY + ":0.2.0", null),
        Arguments.of("admitsTheChartImageByDigest", CHART, CHART_REPOSITORY + DIGEST, null),
        Arguments.of("admitsAnAbsentImage", CHART, null, null),
        Arguments.of("admitsTheSeedsAppQosImageWhichIsReplaced", CHART, "appqos:latest", null),
        Arguments.of(
            "deniesAnotherImageNamingTheList",
            CHART,
            "evil/x:1",
            "spec.powerImage: \"evil/x:1\" is not allowed; allowed:"
                + " ghcr.io/power-manager/power-manager (any tag or digest)"),
        Arguments.of(
            "deniesTheRepositoryPrefixTrick",
            CHART,
            CHART_REPOSITORY + "-evil:1",
            "spec.powerImage: \"ghcr.io/power-manager/power-manager-evil:1\" is not allowed;"
                + " allowed: ghcr.io/power-manager/power-manager (any tag or digest)"),
        Arguments.of(
            "admitsAMirrorOnceListed",
            ImageAllowList.of(CHART_REPOSITORY, "mirror.example/pm"),
            "mirror.example/pm/power-manager" + DIGEST,
            null),
        Arguments.of(
            "deniesEveryNamedImageWhenNoListIsConfigured",
            null,
            CHART_REPOSITORY + ":0.2.0",
            "spec.powerImage: \"ghcr.io/power-manager/power-manager:0.2.0\" is not allowed; no"
                + " agent image may be named here: omit spec.powerImage to run the default agent"
                + " image"),
        Arguments.of("admitsAnAbsentImageWhenNoListIsConfigured", null, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void answersTheAllowListsVerdict(
      String behaviour, ImageAllowList list, String powerImage, String denial) {
    // Given
    AdmissionSettings settings =
        list == null
            ? AdmissionSettings.of(POWER_NS)
            : AdmissionSettings.of(POWER_NS).withAgentImages(list);
    AdmissionService service = new AdmissionService(Fixtures.catalog(), settings);
    PowerConfig config = config(POWER_NS, "power-config", "performance");
    config.getSpec().setPowerImage(powerImage);

    for (String operation : new String[] {"CREATE", "UPDATE"}) {
      // When
      AdmissionResponse response =
          service.validate(
              request(
                  operation,
                  config,
                  operation.equals("UPDATE") ? config(POWER_NS, "power-config") : null,
                  null));

      // Then
      if (denial == null) {
        assertThat(response.getAllowed()).as(operation).isTrue();
      } else {
        assertThat(response.getAllowed()).as(operation).isFalse();
        assertThat(response.getStatus().getCode()).isEqualTo(403);
        assertThat(response.getStatus().getMessage()).isEqualTo(denial);
      }
    }
  }
}
