package io.powermanager.simulator.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.powermanager.api.v1alpha1.PowerProfile;
import org.junit.jupiter.api.Test;

class KubectlApplyTest {

  @Test
  void printsARefusalAsKubectlApplyDoes() {
    // Given
    KubernetesClientException refused =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "admission webhook \"pod.validate.power.intel.com\" denied the request: no")
                .build());

    // When
    String line = KubectlApply.errorLine(refused, "examples/pod.yaml");

    // Then
    assertThat(line)
        .isEqualTo(
            "Error from server (Forbidden): error when creating \"examples/pod.yaml\":"
                + " admission webhook \"pod.validate.power.intel.com\" denied the request: no");
  }

  @Test
  void leavesTheReasonOutWhenTheServerGaveNone() {
    // Given
    KubernetesClientException refused =
        new KubernetesClientException(new StatusBuilder().withCode(400).withMessage("bad").build());

    // When
    String line = KubectlApply.errorLine(refused, "STDIN");

    // Then
    assertThat(line).isEqualTo("Error from server: error when creating \"STDIN\": bad");
  }

  @Test
  void namesCoreAndGroupedResourcesAsKubectl() {
    // Then
    assertThat(KubectlApply.resourceName(new PodBuilder().build())).isEqualTo("pod");
    assertThat(KubectlApply.resourceName(new PowerProfile()))
        .isEqualTo("powerprofile.power.intel.com");
  }
}
