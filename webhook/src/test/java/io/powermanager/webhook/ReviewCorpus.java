package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Admission review bodies for transport tests: the golden ones, seeded random pods and seeded
 * hostile requests (malformed, truncated, wrong-typed, byte-mutated, oversized).
 */
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
        body(
            Fixtures.admissionRequest(
                "CREATE", Fixtures.profile("fast", 1000, 2000, "balance-power"), null, null)));
    seeds.add(
        body(
            Fixtures.admissionRequest(
                "DELETE", null, Fixtures.profile("performance", null, null, "performance"), null)));
    seeds.add(
        body(
            Fixtures.admissionRequest(
                "CREATE", Fixtures.config(POWER_NS, "second", "turbo"), null, null)));
    seeds.add(
        body(
            Fixtures.admissionRequest(
                "CREATE",
                Fixtures.workload(
                    "shared-node-1",
                    true,
                    Map.of("kubernetes.io/hostname", "node-1"),
                    "shared",
                    0,
                    1),
                null,
                null)));
    seeds.add(
        body(
            Fixtures.admissionRequest(
                "CREATE", Fixtures.powerNode("default", "node-1"), null, null)));
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
        Fixtures.admissionRequest(
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

  /** A request to send: its category, path, content type (null for none) and body. */
  record Case(String category, String path, String contentType, byte[] body) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static Case hostile(Random random, List<byte[]> seeds, int n) {
    String path = random.nextBoolean() ? WebhookRoutes.VALIDATE_PATH : WebhookRoutes.MUTATE_PATH;
    byte[] seed = seeds.get(random.nextInt(seeds.size()));
    int kind = random.nextInt(100);
    if (kind < 12) {
      return new Case("malformed", path, "application/json", malformed(random));
    } else if (kind < 27) {
      return new Case(
          "truncated",
          path,
          "application/json",
          java.util.Arrays.copyOf(seed, random.nextInt(seed.length)));
    } else if (kind < 52) {
      return new Case("wrong-typed", path, "application/json", wrongTyped(random, seed));
    } else if (kind < 77) {
      return new Case("mutated", path, "application/json", mutated(random, seed));
    } else if (kind < 80) {
      String type =
          pick(
              random,
              new String[] {null, "text/plain", "application/yaml", "application/jsonx", ""});
      return new Case("content-type", path, type, seed);
    } else {
      return new Case("random-pod", path, "application/json", randomPodReview(random, n));
    }
  }

  private static byte[] malformed(Random random) {
    String[] fragments = {
      "",
      "{",
      "[",
      "nul",
      "\"",
      "{\"request\":",
      "{\"request\":{\"uid\":",
      "{}}",
      "[[[[[[[[",
      "{\"request\":{\"uid\":\"u\"",
      "\uFFFF\uFFFE",
      "{\"a\":1,}",
      "{'request':{}}",
      "1e999999"
    };
    if (random.nextBoolean()) {
      return pick(random, fragments).getBytes(StandardCharsets.UTF_8);
    }
    byte[] junk = new byte[random.nextInt(2000)];
    random.nextBytes(junk);
    return junk;
  }

  /** A seed with one random node replaced by a value of another JSON type. */
  static byte[] wrongTyped(Random random, byte[] seed) {
    JsonNode root = Json.MAPPER.readTree(seed);
    List<Runnable> replacements = new ArrayList<>();
    collect(root, random, replacements);
    replacements.get(random.nextInt(replacements.size())).run();
    return Json.MAPPER.writeValueAsBytes(root);
  }

  static void collect(JsonNode node, Random random, List<Runnable> out) {
    if (node instanceof ObjectNode object) {
      for (String field : new ArrayList<>(object.propertyNames())) {
        JsonNode child = object.get(field);
        out.add(() -> object.set(field, otherType(random, child)));
        collect(child, random, out);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        int index = i;
        JsonNode child = array.get(i);
        out.add(() -> array.set(index, otherType(random, child)));
        collect(child, random, out);
      }
    }
  }

  static JsonNode otherType(Random random, JsonNode current) {
    while (true) {
      JsonNode candidate =
          switch (random.nextInt(7)) {
            case 0 -> NODES.numberNode(random.nextInt(1000) - 500);
            case 1 -> NODES.stringNode("x".repeat(random.nextInt(5)));
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(random.nextInt(10)).addNull();
            case 5 -> NODES.objectNode().put("k", random.nextInt(10));
            default -> NODES.numberNode(random.nextDouble() * 1e12);
          };
      if (candidate.getNodeType() != current.getNodeType()) {
        return candidate;
      }
    }
  }

  /** A seed with 1-10 random byte edits: replace, delete, insert or duplicate. */
  private static byte[] mutated(Random random, byte[] seed) {
    StringBuilder text = new StringBuilder(new String(seed, StandardCharsets.ISO_8859_1));
    int edits = 1 + random.nextInt(10);
    for (int i = 0; i < edits && text.length() > 1; i++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(4)) {
        case 0 -> text.setCharAt(at, (char) (random.nextInt(256)));
        case 1 -> text.deleteCharAt(at);
        case 2 -> text.insert(at, (char) (32 + random.nextInt(95)));
        default -> {
          int end = Math.min(text.length(), at + random.nextInt(40));
          text.insert(at, text.substring(at, end));
        }
      }
    }
    return text.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A review (or junk) just above the 3 MiB limit. */
  static Case oversized(Random random, int n) {
    int size =
        WebhookRoutes.DEFAULT_MAX_REQUEST_BYTES > 0
            ? (int) WebhookRoutes.DEFAULT_MAX_REQUEST_BYTES + 1 + random.nextInt(1024 * 1024)
            : 0;
    String prefix =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"big-"
            + n
            + "\",\"padding\":\"";
    StringBuilder body = new StringBuilder(size + 16).append(prefix);
    while (body.length() < size) {
      body.append('a');
    }
    body.append("\"}}");
    return new Case(
        "oversized",
        random.nextBoolean() ? WebhookRoutes.VALIDATE_PATH : WebhookRoutes.MUTATE_PATH,
        "application/json",
        body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
