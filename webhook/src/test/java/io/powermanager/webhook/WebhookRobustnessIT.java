package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends 10,500 hostile bodies (seeded, so a failure reproduces) to both webhooks over TLS: random
 * bytes, broken and truncated JSON, oversized bodies, wrong JSON types at random places of real
 * reviews, byte-mutated reviews, wrong content types and random pods. Every answer must come within
 * the client timeout, none may be a 5xx, and every 200 must be a well-formed AdmissionReview that
 * echoes the request's uid (and only a mutating one may carry a patch).
 */
class WebhookRobustnessIT {

  private static final long SEED = 20_261_129L;
  private static final int CASES = 10_000;
  private static final int OVERSIZED = 12;
  private static final int IN_FLIGHT = 8;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @TempDir Path dir;

  record Case(String category, String path, String contentType, byte[] body) {}

  @Test
  void answersEveryHostileReviewWithAWellFormedAnswer() throws Exception {
    // Given
    Random random = new Random(SEED);
    List<byte[]> seeds = ReviewCorpus.seeds();
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      cases.add(hostile(random, seeds, i));
    }
    for (int i = 0; i < OVERSIZED; i++) {
      cases.add(oversized(random, i));
    }
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    List<String> examples = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

    // When
    try (HttpsWebhook webhook = new HttpsWebhook(dir, Fixtures.service())) {
      Semaphore slots = new Semaphore(IN_FLIGHT);
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (Case c : cases) {
        slots.acquire();
        HttpRequest.Builder request =
            HttpRequest.newBuilder(webhook.uri(c.path()))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
          request.header("Content-Type", c.contentType());
        }
        sent.add(
            webhook
                .client
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle(
                    (response, error) -> {
                      slots.release();
                      String problem =
                          error != null ? "no answer: " + rootCause(error) : problem(c, response);
                      if (response != null) {
                        statuses
                            .computeIfAbsent(
                                c.category() + " " + response.statusCode(),
                                k -> new AtomicInteger())
                            .incrementAndGet();
                      }
                      if (problem != null) {
                        failures
                            .computeIfAbsent(
                                c.category() + ": " + problem, k -> new AtomicInteger())
                            .incrementAndGet();
                        if (examples.size() < 5) {
                          examples.add(
                              new String(
                                  c.body(),
                                  0,
                                  Math.min(400, c.body().length),
                                  StandardCharsets.UTF_8));
                        }
                      }
                      return null;
                    }));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }

    // Then
    assertThat(cases).hasSizeGreaterThanOrEqualTo(10_000);
    assertThat(new TreeMap<>(failures))
        .as("failures; answers by category %s; examples %s", new TreeMap<>(statuses), examples)
        .isEmpty();
    assertThat(new TreeMap<>(statuses).keySet())
        .as("every category is answered")
        .anyMatch(k -> k.startsWith("oversized 413"))
        .anyMatch(k -> k.startsWith("wrong-typed 200"))
        .anyMatch(k -> k.startsWith("random-pod 200"))
        .anyMatch(k -> k.startsWith("malformed 400"));
  }

  /** What is wrong with the answer to {@code c}, or null. */
  private static String problem(Case c, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 500) {
      return "HTTP " + status;
    }
    if (status != 200 && status != 400 && status != 413) {
      return "unexpected HTTP " + status;
    }
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      return "HTTP " + status + " with a body that is not JSON";
    }
    if (status != 200) {
      return answer.path("response").path("status").path("message").asString("").isEmpty()
          ? "HTTP " + status + " without a reason"
          : null;
    }
    String uid = uidOf(c.body());
    JsonNode r = answer.path("response");
    if (!AdmissionCodec.API_VERSION.equals(answer.path("apiVersion").asString(""))
        || !AdmissionCodec.KIND.equals(answer.path("kind").asString(""))) {
      return "200 without the AdmissionReview envelope";
    }
    if (uid == null) {
      return "200 for a request without a readable uid";
    }
    if (!uid.equals(r.path("uid").asString(null))) {
      return "200 without the uid echoed";
    }
    if (!r.path("allowed").isBoolean()) {
      return "200 without allowed";
    }
    if (!r.path("allowed").asBoolean() && !r.path("status").path("code").isNumber()) {
      return "denial without status.code";
    }
    if (r.path("status").path("code").asInt(0) == 500) {
      return "internal error: " + r.path("status").path("message").asString();
    }
    boolean patched = r.has("patch") || r.has("patchType");
    if (patched && c.path().equals(WebhookRoutes.VALIDATE_PATH)) {
      return "validating answer with a patch";
    }
    if (patched) {
      if (!"JSONPatch".equals(r.path("patchType").asString(null))) {
        return "patch without patchType JSONPatch";
      }
      try {
        if (!Json.MAPPER
            .readTree(Base64.getDecoder().decode(r.path("patch").asString()))
            .isArray()) {
          return "patch is not a JSON array";
        }
      } catch (RuntimeException e) {
        return "patch is not base64 JSON";
      }
    }
    return null;
  }

  /** The request's uid as the webhook should read it, or null when it has none. */
  private static String uidOf(byte[] body) {
    try {
      JsonNode uid = Json.MAPPER.readTree(body).path("request").path("uid");
      return uid.isString() && !uid.asString().isEmpty() ? uid.asString() : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static Case hostile(Random random, List<byte[]> seeds, int n) {
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
          ReviewCorpus.pick(
              random,
              new String[] {null, "text/plain", "application/yaml", "application/jsonx", ""});
      return new Case("content-type", path, type, seed);
    } else {
      return new Case(
          "random-pod", path, "application/json", ReviewCorpus.randomPodReview(random, n));
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
      return ReviewCorpus.pick(random, fragments).getBytes(StandardCharsets.UTF_8);
    }
    byte[] junk = new byte[random.nextInt(2000)];
    random.nextBytes(junk);
    return junk;
  }

  /** A seed with one random node replaced by a value of another JSON type. */
  private static byte[] wrongTyped(Random random, byte[] seed) {
    JsonNode root = Json.MAPPER.readTree(seed);
    List<Runnable> replacements = new ArrayList<>();
    collect(root, random, replacements);
    replacements.get(random.nextInt(replacements.size())).run();
    return Json.MAPPER.writeValueAsBytes(root);
  }

  private static void collect(JsonNode node, Random random, List<Runnable> out) {
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

  private static JsonNode otherType(Random random, JsonNode current) {
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
  private static Case oversized(Random random, int n) {
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

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }
}
