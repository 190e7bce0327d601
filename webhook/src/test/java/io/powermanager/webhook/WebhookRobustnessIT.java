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

  @TempDir Path dir;

  @Test
  void answersEveryHostileReviewWithAWellFormedAnswer() throws Exception {
    // Given
    Random random = new Random(SEED);
    List<byte[]> seeds = ReviewCorpus.seeds();
    List<ReviewCorpus.Case> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      cases.add(ReviewCorpus.hostile(random, seeds, i));
    }
    for (int i = 0; i < OVERSIZED; i++) {
      cases.add(ReviewCorpus.oversized(random, i));
    }
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    List<String> examples = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

    // When
    try (HttpsWebhook webhook = new HttpsWebhook(dir, Fixtures.service())) {
      Semaphore slots = new Semaphore(IN_FLIGHT);
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (ReviewCorpus.Case c : cases) {
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
  private static String problem(ReviewCorpus.Case c, HttpResponse<String> response) {
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

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }
}
