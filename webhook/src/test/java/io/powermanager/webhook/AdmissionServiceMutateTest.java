package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;
import static io.powermanager.webhook.Fixtures.container;
import static io.powermanager.webhook.Fixtures.pod;
import static io.powermanager.webhook.Fixtures.profile;
import static io.powermanager.webhook.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import io.powermanager.api.PowerAnnotations;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.rules.ImageAllowList;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AdmissionServiceMutateTest {

  private final AdmissionService service = Fixtures.service();
  private final AdmissionService withScheduler =
      new AdmissionService(
          Fixtures.catalog(),
          new AdmissionSettings(POWER_NS, Optional.of("power-scheduler"), ImageAllowList.none()));

  @Test
  void addsTheAnnotatedProfileToExclusiveContainersAndLabelsThePod() {
    // Given
    Pod pod =
        annotated("performance", container("app", "2", "1Gi"), container("side", "100m", "64Mi"));

    // When
    AdmissionResponse response = service.mutate(request("CREATE", pod));

    // Then
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatchType()).isEqualTo("JSONPatch");
    assertThat(patchOf(response))
        .isEqualTo(
            json(
                """
                [{"op":"add","path":"/metadata/labels","value":{"power.intel.com/profile":"performance"}},
                 {"op":"add","path":"/spec/containers/0/resources/limits/power.intel.com~1performance","value":"2"},
                 {"op":"add","path":"/spec/containers/0/resources/requests/power.intel.com~1performance","value":"2"}]
                """));
  }

  @Test
  void addsTheWholeRequestsMapWhenTheContainerHasNone() {
    // Given
    Container limitsOnly =
        new ContainerBuilder()
            .withName("app")
            .withNewResources()
            .addToLimits("cpu", new Quantity("4"))
            .addToLimits("memory", new Quantity("1Gi"))
            .endResources()
            .build();
    Pod pod = annotated("performance", limitsOnly);

    // When
    AdmissionResponse response = service.mutate(request("CREATE", pod));

    // Then
    assertThat(patchOf(response))
        .contains(
            json(
                """
                {"op":"add","path":"/spec/containers/0/resources/requests",
                 "value":{"power.intel.com/performance":"4"}}
                """));
  }

  @Test
  void labelsAPodRequestingProfilesWithTheAlphabeticallyFirst() {
    // Given
    Pod pod =
        pod(
            container("a", "1", "1Gi", "performance", "1"),
            container("b", "1", "1Gi", "balance-power", "1"));

    // When
    AdmissionResponse response = service.mutate(request("CREATE", pod));

    // Then
    assertThat(apply(pod, response).getMetadata().getLabels())
        .containsEntry(PowerLabels.PROFILE, "balance-power");
  }

  @Test
  void keepsExistingLabelsWhenLabelling() {
    // Given
    Pod pod = pod(container("a", "1", "1Gi", "performance", "1"));
    pod.getMetadata().setLabels(Map.of("app", "web"));

    // When
    AdmissionResponse response = service.mutate(request("CREATE", pod));

    // Then
    assertThat(patchOf(response))
        .isEqualTo(
            json(
                """
                [{"op":"add","path":"/metadata/labels/power.intel.com~1profile","value":"performance"}]
                """));
  }

  @Test
  void setsTheConfiguredSchedulerOnPowerPodsThatChoseNone() {
    // Given
    Pod pod = pod(container("a", "1", "1Gi", "performance", "1"));

    // When
    AdmissionResponse response = withScheduler.mutate(request("CREATE", pod));

    // Then
    assertThat(apply(pod, response).getSpec().getSchedulerName()).isEqualTo("power-scheduler");
  }

  @Test
  void keepsASchedulerThePodChose() {
    // Given
    Pod pod = pod(container("a", "1", "1Gi", "performance", "1"));
    pod.getSpec().setSchedulerName("my-scheduler");

    // When
    AdmissionResponse response = withScheduler.mutate(request("CREATE", pod));

    // Then
    assertThat(apply(pod, response).getSpec().getSchedulerName()).isEqualTo("my-scheduler");
  }

  @Test
  void leavesPodsWithoutProfilesAlone() {
    // Given
    Pod pod = pod(container("a", "2", "1Gi"));

    // When
    AdmissionResponse response = withScheduler.mutate(request("CREATE", pod));

    // Then
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getPatchType()).isNull();
  }

  @Test
  void leavesFractionalContainersOfAnAnnotatedPodAlone() {
    // Given
    Pod pod = annotated("performance", container("a", "1500m", "1Gi"));

    // When
    AdmissionResponse response = service.mutate(request("CREATE", pod));

    // Then
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void aSecondPassOverAMutatedPodYieldsNoPatch() {
    // Given
    Pod pod = annotated("performance", container("app", "2", "1Gi"), container("b", "1", "1Gi"));
    Pod once = apply(pod, withScheduler.mutate(request("CREATE", pod)));

    // When
    AdmissionResponse second = withScheduler.mutate(request("CREATE", once));

    // Then
    assertThat(once.getSpec().getContainers().get(1).getResources().getLimits())
        .containsEntry("power.intel.com/performance", new Quantity("1"));
    assertThat(second.getAllowed()).isTrue();
    assertThat(second.getPatch()).isNull();
  }

  @Test
  void mutatesOnlyPodCreates() {
    // Given
    Pod pod = annotated("performance", container("app", "2", "1Gi"));

    // When
    AdmissionResponse response = service.mutate(request("UPDATE", pod, pod, null));

    // Then
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void neverModifiesTheRequestsObject() {
    // Given
    Pod pod = annotated("performance", container("app", "2", "1Gi"));
    JsonNode before = Json.MAPPER.valueToTree(pod);

    // When
    service.mutate(request("CREATE", pod));

    // Then
    assertThat((JsonNode) Json.MAPPER.valueToTree(pod)).isEqualTo(before);
  }

  @Test
  void normalisesTheHyphenEppOfAProfile() {
    // Given
    PowerProfile profile = profile("mild", 1000, 2000, "balance-power");

    // When
    AdmissionResponse response = service.mutate(request("UPDATE", profile, profile, null));

    // Then
    assertThat(patchOf(response))
        .isEqualTo(
            json("[{\"op\":\"replace\",\"path\":\"/spec/epp\",\"value\":\"balance_power\"}]"));
  }

  @Test
  void fillsAnEmptySpecNameFromMetadata() {
    // Given
    PowerProfile profile = profile("mild", 1000, 2000, "power");
    profile.getSpec().setName(null);

    // When
    AdmissionResponse response = service.mutate(request("CREATE", profile));

    // Then
    assertThat(patchOf(response))
        .isEqualTo(json("[{\"op\":\"add\",\"path\":\"/spec/name\",\"value\":\"mild\"}]"));
  }

  @Test
  void aSecondPassOverAMutatedProfileYieldsNoPatch() {
    // Given
    PowerProfile profile = profile("mild", 1000, 2000, "Balance-Power");
    profile.getSpec().setName("");
    PowerProfile once = apply(profile, service.mutate(request("CREATE", profile)));

    // When
    AdmissionResponse second = service.mutate(request("CREATE", once));

    // Then
    assertThat(once.getSpec().getEpp()).isEqualTo("balance_power");
    assertThat(once.getSpec().getName()).isEqualTo("mild");
    assertThat(second.getPatch()).isNull();
  }

  @Test
  void leavesProfileStatusUpdatesAlone() {
    // Given
    PowerProfile profile = profile("mild", 1000, 2000, "balance-power");

    // When
    AdmissionResponse response = service.mutate(request("UPDATE", profile, profile, "status"));

    // Then
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void neverWritesAWrappedCountForACpuBeyondTwoToTheSixtyThirdMinusOne() {
    // Given: 2^63 CPUs once became power.intel.com/performance: "-9223372036854775808"
    Pod pod = annotated("performance", container("app", "9223372036854775808", "1Gi"));

    // When
    AdmissionResponse mutated = service.mutate(request("CREATE", pod));
    AdmissionResponse validated = service.validate(request("CREATE", pod));

    // Then
    assertThat(mutated.getAllowed()).isTrue();
    assertThat(mutated.getPatch()).isNull();
    assertThat(validated.getAllowed()).isTrue(); // it requests no profile: not the rules' pod
    Pod asked = pod(container("app", "9223372036854775808", "1Gi", "performance", "1e308"));
    assertThat(service.validate(request("CREATE", asked)).getStatus().getMessage())
        .contains(
            "spec.containers[0] \"app\": cpu limit \"9223372036854775808\" is out of range (at"
                + " most 9223372036854775807)",
            "power.intel.com/performance request \"1e308\" is out of range");
  }

  private static Pod annotated(String profile, Container... containers) {
    Pod pod = pod(containers);
    pod.getMetadata().setAnnotations(Map.of(PowerAnnotations.PROFILE, profile));
    return pod;
  }

  static JsonNode patchOf(AdmissionResponse response) {
    assertThat(response.getPatch()).as("patch").isNotNull();
    return json(
        new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8));
  }

  static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> T apply(T object, AdmissionResponse response) {
    JsonNode patched = JsonPatch.apply(patchOf(response), Json.MAPPER.valueToTree(object));
    return (T) Json.MAPPER.treeToValue(patched, object.getClass());
  }
}
