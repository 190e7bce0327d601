package io.powermanager.testkit.kubelet;

import static io.powermanager.testkit.kubelet.TestPods.container;
import static io.powermanager.testkit.kubelet.TestPods.guaranteed;
import static io.powermanager.testkit.kubelet.TestPods.pod;
import static io.powermanager.testkit.kubelet.TestPods.podWithInitContainer;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QosClassTest {

  static Stream<Arguments> pods() {
    return Stream.of(
        Arguments.of("requests equal limits", pod("a", "u", guaranteed("app", "2")), "GUARANTEED"),
        Arguments.of(
            "limits only, requests defaulted",
            pod("a", "u", container("app", null, "2", null, "1Gi")),
            "GUARANTEED"),
        Arguments.of(
            "fractional but equal", pod("a", "u", guaranteed("app", "1500m")), "GUARANTEED"),
        Arguments.of(
            "same amount in other units",
            pod("a", "u", container("app", "2", "2000m", "1024Mi", "1Gi")),
            "GUARANTEED"),
        Arguments.of(
            "cpu request below limit",
            pod("a", "u", container("app", "1", "2", "1Gi", "1Gi")),
            "BURSTABLE"),
        Arguments.of(
            "no memory limit", pod("a", "u", container("app", "2", "2", "1Gi", null)), "BURSTABLE"),
        Arguments.of(
            "one of two containers without resources",
            pod("a", "u", guaranteed("app", "2"), container("side", null, null, null, null)),
            "BURSTABLE"),
        Arguments.of(
            "init container not guaranteed",
            podWithInitContainer(
                "a", "u", container("init", "100m", null, null, null), guaranteed("app", "2")),
            "BURSTABLE"),
        Arguments.of(
            "no resources at all",
            pod("a", "u", container("app", null, null, null, null)),
            "BEST_EFFORT"),
        Arguments.of(
            "zero quantities count as absent",
            pod("a", "u", container("app", "0", "0", "0", "0")),
            "BEST_EFFORT"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void classifiesPodsAsTheKubeletDoes(String description, Pod pod, String expected) {
    // When
    QosClass qos = QosClass.of(pod);

    // Then
    assertThat(qos).hasToString(expected);
  }

  @Test
  void findsWholeCpuRequestsOnlyForIntegerAmounts() {
    // Given
    Container whole = guaranteed("a", "3000m");
    Container fractional = guaranteed("b", "1500m");
    Container limitOnly = container("c", null, "4", null, "1Gi");

    // When / Then
    assertThat(QosClass.integerCpuRequest(whole)).contains(3);
    assertThat(QosClass.integerCpuRequest(fractional)).isEmpty();
    assertThat(QosClass.integerCpuRequest(limitOnly)).contains(4);
  }
}
