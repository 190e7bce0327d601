package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.container;
import static io.powermanager.webhook.Fixtures.pod;
import static io.powermanager.webhook.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import io.powermanager.api.PowerAnnotations;
import io.powermanager.api.PowerLabels;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #19.1: a pod annotated {@code power.intel.com/profile} with 8,000 containers made {@code
 * /mutate} diff the whole pod (an N × M table) and exhaust a chart-sized heap. The patch is now
 * built from what the mutation adds, and a pod beyond {@link PodJson#MAX_CONTAINERS} is denied with
 * the field and the limit. Sizes and outcomes are asserted, never timing.
 */
class LargePodTest {

  private static final long MIB = 1024 * 1024;

  private final AdmissionService service = Fixtures.service();

  @Test
  void deniesAnAnnotatedPodWithEightThousandContainersNamingTheFieldAndTheLimit() {
    // Given
    ReviewRequest request = request("CREATE", annotatedPod(8_000));

    // When
    Measured mutated = measure(() -> service.mutate(request));
    Measured validated = measure(() -> service.validate(request));

    // Then
    for (Measured m : new Measured[] {mutated, validated}) {
      assertThat(m.response().getUid()).isEqualTo(request.uid());
      assertThat(m.response().getAllowed()).isFalse();
      assertThat(m.response().getPatch()).isNull();
      assertThat(m.response().getStatus().getCode()).isEqualTo(403);
      assertThat(m.response().getStatus().getMessage())
          .isEqualTo(
              "spec.containers: the pod has 8000 containers and init containers; the power"
                  + " webhook reviews pods of at most 1000");
      assertThat(m.allocatedBytes()).as("allocated by the review").isLessThan(16 * MIB);
    }
  }

  @Test
  void patchesAnAnnotatedPodAtTheLimitWithOneAddPerNewEntry() {
    // Given
    Pod pod = annotatedPod(PodJson.MAX_CONTAINERS);
    ReviewRequest request = request("CREATE", pod);

    // When
    Measured mutated = measure(() -> service.mutate(request));

    // Then: a label and, per container, the profile in limits and requests
    JsonNode patch = AdmissionServiceMutateTest.patchOf(mutated.response());
    assertThat(patch.size()).isEqualTo(1 + 2 * PodJson.MAX_CONTAINERS);
    assertThat(mutated.allocatedBytes()).as("allocated by the review").isLessThan(64 * MIB);
    Pod patched =
        Json.MAPPER.treeToValue(JsonPatch.apply(patch, Json.MAPPER.valueToTree(pod)), Pod.class);
    assertThat(patched.getMetadata().getLabels()).containsEntry(PowerLabels.PROFILE, "performance");
    assertThat(patched.getSpec().getContainers())
        .allSatisfy(
            c -> {
              assertThat(c.getResources().getRequests().get("power.intel.com/performance"))
                  .hasToString("1");
              assertThat(c.getResources().getLimits().get("power.intel.com/performance"))
                  .hasToString("1");
            });
    assertThat(service.validate(request("CREATE", patched)).getAllowed()).isTrue();
  }

  /** A pod annotated with profile performance whose {@code n} containers each take 1 CPU. */
  static Pod annotatedPod(int n) {
    Container[] containers = new Container[n];
    for (int i = 0; i < n; i++) {
      containers[i] = container("c" + i, "1", "64Mi");
    }
    Pod pod = pod(containers);
    pod.getMetadata().setAnnotations(Map.of(PowerAnnotations.PROFILE, "performance"));
    return pod;
  }

  private record Measured(AdmissionResponse response, long allocatedBytes) {}

  /** The answer and the bytes this thread allocated computing it. */
  private static Measured measure(Supplier<AdmissionResponse> review) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    AdmissionResponse response = review.get();
    return new Measured(response, threads.getThreadAllocatedBytes(id) - before);
  }
}
