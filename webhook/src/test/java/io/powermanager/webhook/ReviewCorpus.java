package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Admission review bodies for transport tests: the golden ones and seeded random ones. */
final class ReviewCorpus {

  private static final String[] CPUS = {"1", "2", "4", "500m", "1500m", "0", "-1", "abc", "2.0"};
  private static final String[] MEMORY = {"1Gi", "200Mi", "64Mi", "0", "x", null};
  private static final String[] PROFILES = {
    "performance", "balance-power", "shared", "turbo", "missing", "Bad_Name", ""
  };
  private static final String[] OPERATIONS = {"CREATE", "UPDATE", "DELETE", "CONNECT", "PATCH"};

  private ReviewCorpus() {}

  /** The body the API server would send for {@code request}. */
  static byte[] body(AdmissionRequest request) {
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(AdmissionCodec.API_VERSION);
    review.setKind(AdmissionCodec.KIND);
    review.setRequest(request);
    return Json.MAPPER.writeValueAsBytes(review);
  }

  /** Well-formed reviews of every admitted kind and operation. */
  static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(GoldenReviewTest.bytes("allowed-request.json"));
    seeds.add(GoldenReviewTest.bytes("denied-request.json"));
    seeds.add(GoldenReviewTest.bytes("patched-request.json"));
    seeds.add(
        body(Fixtures.request("CREATE", Fixtures.profile("fast", 1000, 2000, "balance-power"))));
    seeds.add(
        body(
            Fixtures.request(
                "DELETE", null, Fixtures.profile("performance", null, null, "performance"), null)));
    seeds.add(body(Fixtures.request("CREATE", Fixtures.config(POWER_NS, "second", "turbo"))));
    seeds.add(
        body(
            Fixtures.request(
                "CREATE",
                Fixtures.workload(
                    "shared-node-1",
                    true,
                    Map.of("kubernetes.io/hostname", "node-1"),
                    "shared",
                    0,
                    1))));
    seeds.add(body(Fixtures.request("CREATE", Fixtures.powerNode("default", "node-1"))));
    return seeds;
  }

  /** A review of a random pod (random CPUs, memory, profiles, operation, subresource). */
  static byte[] randomPodReview(Random random, int n) {
    int count = 1 + random.nextInt(5);
    Container[] containers = new Container[count];
    for (int i = 0; i < count; i++) {
      String cpu = pick(random, CPUS);
      String[] power =
          random.nextInt(3) == 0
              ? new String[0]
              : new String[] {pick(random, PROFILES), pick(random, CPUS)};
      containers[i] = Fixtures.container("c" + i, cpu, pick(random, MEMORY), power);
    }
    Pod pod = Fixtures.pod(random.nextBoolean() ? "default" : "kube-system", "p" + n, containers);
    if (random.nextBoolean()) {
      pod.getMetadata()
          .setAnnotations(
              Map.of(io.powermanager.api.PowerAnnotations.PROFILE, pick(random, PROFILES)));
    }
    String operation = pick(random, OPERATIONS);
    AdmissionRequest request =
        Fixtures.request(
            "DELETE".equals(operation) ? "UPDATE" : operation,
            pod,
            random.nextBoolean() ? pod : null,
            random.nextInt(4) == 0 ? "resize" : null);
    request.setOperation(operation);
    request.setUid("random-" + n);
    return body(request);
  }

  static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
