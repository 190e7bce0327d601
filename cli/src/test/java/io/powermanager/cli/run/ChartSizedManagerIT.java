package io.powermanager.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerResources;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.simulator.AdmissionWebhooks;
import io.powermanager.webhook.ConversionEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19's probes against a chart-sized manager: {@code power-manager manager} in a child JVM
 * with the chart's heap ({@link ChartSizedManager}), the stand-in API server in this one. Each
 * probe asserts sizes and outcomes; time bounds are generous (the targets, under a second,
 * are measured and printed, not asserted). The poison profile goes last: it is meant to leave the
 * manager working, but if it does not, the other probes still measured a healthy one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartSizedManagerIT {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String PROFILE_ANNOTATION = PowerApi.GROUP + "/profile";

  @TempDir static Path dir;
  private static EmbeddedApiServer api;
  private static ConversionEndpoint conversion;
  private static ChartSizedManager manager;

  @BeforeAll
  static void startApiServerAndManager() throws Exception {
    conversion = ConversionEndpoint.start(dir.resolve("conversion-tls"));
    api =
        EmbeddedApiServer.start(
            ApiServerOptions.defaults()
                .withCrdConversion(true)
                .withService(
                    CrdConversion.SERVICE_NAMESPACE,
                    CrdConversion.SERVICE_NAME,
                    conversion.baseUrl()));
    PowerResources.install(api.client(), conversion.caPem());
    api.client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ChartSizedManager.NAMESPACE)
                .endMetadata()
                .build())
        .create();
    manager = ChartSizedManager.start(api, dir);
    System.out.printf(
        "manager child JVM (Java %d): %s%n",
        Runtime.version().feature(), ChartSizedManager.chartJvmOptions());
    KubernetesClient client = api.client();
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(AdmissionWebhooks.mutating(manager.httpsUrl(), manager.caPem()))
        .create();
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(AdmissionWebhooks.validating(manager.httpsUrl(), manager.caPem()))
        .create();
  }

  @AfterAll
  static void stop() {
    if (manager != null) {
      manager.close();
    }
    if (api != null) {
      api.close();
    }
    if (conversion != null) {
      conversion.close();
    }
  }

  // --- (a) one pod: 8,000 containers and the profile annotation ---

  @Test
  @Order(1)
  void deniesAnEightThousandContainerPodClearlyAndKeepsServing() throws Exception {
    // Given: name and image per container, as in the issue (about 0.5 MB)
    byte[] review = review(podWithBareContainers(8_000, "performance"));

    // When: each path twice, the first on a cold JVM
    for (int attempt = 1; attempt <= 2; attempt++) {
      for (String path : List.of("/mutate", "/validate")) {
        long t0 = System.nanoTime();
        HttpResponse<String> response = manager.post(path, review, Duration.ofSeconds(10));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
            "probe a: %s of an 8,000-container pod (%d bytes), attempt %d: HTTP %d in %d ms%n",
            path, review.length, attempt, response.statusCode(), millis);

        // Then: a well-formed denial naming the limit, within the bound
        assertThat(response.statusCode()).as(manager.log()).isEqualTo(200);
        Map<String, Object> answer = responseOf(response.body());
        assertThat(answer.get("allowed")).isEqualTo(false);
        assertThat(answer).doesNotContainKey("patch");
        assertThat(String.valueOf(((Map<?, ?>) answer.get("status")).get("message")))
            .contains("spec.containers", "8000", "at most");
      }
    }
    assertThat(manager.alive()).as(manager.log()).isTrue();
    assertNormalReviewAnswers(Duration.ofSeconds(10));
  }

  // --- (b) one request: a 60 MB /filter body ---

  @Test
  @Order(2)
  void refusesASixtyMegabyteFilterBodyWith413BeforeReadingIt() throws Exception {
    // Given: the headers announce 60 MB; only 256 KiB follow
    long announced = 60_000_000L;
    byte[] part = new byte[256 * 1024];
    java.util.Arrays.fill(part, (byte) ' ');
    part[0] = '{';
    String status;
    long millis;
    try (SSLSocket socket = manager.rawSocket(Duration.ofSeconds(10))) {
      OutputStream out = socket.getOutputStream();
      long t0 = System.nanoTime();
      out.write(
          ("POST /filter HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + announced
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // the server may answer and close before taking the body: a failed write is fine
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  out.write(part);
                  out.flush();
                } catch (IOException e) {
                  // refused before the body: what a cap does
                }
              });

      // When
      try {
        status = ChartSizedManager.statusLine(socket);
      } catch (java.net.SocketTimeoutException e) {
        status = "(no answer within 10 s)";
      } catch (IOException e) {
        status = "(the connection failed before a status line: " + e + ")";
      }
      millis = (System.nanoTime() - t0) / 1_000_000;
      writing.cancel(true);
    }
    System.out.printf(
        "probe b: /filter announcing %d bytes, %d sent: '%s' in %d ms%n",
        announced, part.length, status, millis);

    // Then
    assertThat(manager.alive()).as(manager.log()).isTrue();
    assertNormalReviewAnswers(Duration.ofSeconds(10));
    assertThat(status).startsWith("HTTP/1.1 413");
  }

  // --- (c) 200 slow clients ---

  @Test
  @Order(3)
  void answersANormalReviewWhileTwoHundredClientsTrickleTheirBodies() throws Exception {
    // Given: 200 connections that announce a review and send its body 1 byte every 2 s
    int wanted = 200;
    byte[] body = review(podWithContainers(1, null));
    List<SSLSocket> slow = new ArrayList<>();
    AtomicInteger rounds = new AtomicInteger();
    AtomicInteger closedByServer = new AtomicInteger();
    ScheduledExecutorService trickle =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "probe-trickle");
              t.setDaemon(true);
              return t;
            });
    int handshakeFailures = 0;
    String outcome;
    long millis;
    try {
      long open0 = System.nanoTime();
      for (int i = 0; i < wanted && handshakeFailures < 3; i++) {
        try {
          SSLSocket socket = manager.rawSocket(Duration.ofSeconds(5));
          socket
              .getOutputStream()
              .write(
                  ("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          + "Content-Length: "
                          + body.length
                          + "\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().write(body, 0, 1);
          socket.getOutputStream().flush();
          slow.add(socket);
        } catch (IOException e) {
          handshakeFailures++;
        }
      }
      long openMillis = (System.nanoTime() - open0) / 1_000_000;
      int[] sent = new int[slow.size()];
      java.util.Arrays.fill(sent, 1);
      trickle.scheduleAtFixedRate(
          () -> {
            for (int i = 0; i < slow.size(); i++) {
              if (sent[i] < 0 || sent[i] >= body.length - 1) {
                continue;
              }
              try {
                slow.get(i).getOutputStream().write(body, sent[i], 1);
                slow.get(i).getOutputStream().flush();
                sent[i]++;
              } catch (IOException e) {
                sent[i] = -1;
                closedByServer.incrementAndGet();
              }
            }
            rounds.incrementAndGet();
          },
          2,
          2,
          TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> rounds.get() >= 2);

      // When
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> response =
            manager.post("/validate", review(podWithContainers(1, null)), Duration.ofSeconds(30));
        outcome =
            "HTTP "
                + response.statusCode()
                + " allowed="
                + responseOf(response.body()).get("allowed");
      } catch (java.net.http.HttpTimeoutException e) {
        outcome = "no answer: " + e.getClass().getSimpleName();
      }
      millis = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "probe c: %d slow connections open (%d refused/failed handshakes, opened in %d ms, %d"
              + " closed by the server after %d rounds): a normal review: %s in %d ms%n",
          slow.size(),
          handshakeFailures,
          openMillis,
          closedByServer.get(),
          rounds.get(),
          outcome,
          millis);
    } finally {
      trickle.shutdownNow();
      for (SSLSocket socket : slow) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing only
        }
      }
    }

    // Then: it answered while they were open, and the server recovers once they are gone
    assertThat(outcome).isEqualTo("HTTP 200 allowed=true");
    assertThat(Duration.ofMillis(millis)).isLessThan(Duration.ofSeconds(5));
    assertThat(manager.alive()).as(manager.log()).isTrue();
    assertNormalReviewAnswers(Duration.ofSeconds(10));
  }

  // --- (d) one bad object: a PowerProfile stored around the webhook ---

  @Test
  @Order(4)
  void seesTheNextProfileAndLetsThePoisonBeDeletedAfterAnUndecodableProfile() throws Exception {
    // Given: spec.max beyond an int, written straight into the store (no webhook, no schema) in
    // the storage version
    Map<String, Object> poison = profile("poison", 3_000_000_000L, 1000L);
    poison.put("apiVersion", PowerApi.STORAGE_API_VERSION);
    HttpResponse<String> stored =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + api.mock().getPort()
                                + "/apis/"
                                + PowerApi.GROUP
                                + "/"
                                + PowerApi.STORAGE_VERSION
                                + "/namespaces/"
                                + ChartSizedManager.NAMESPACE
                                + "/powerprofiles"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.asJson(poison)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).as(stored.body()).isBetween(200, 201);
    await().atMost(Duration.ofSeconds(30)).until(() -> profiles().withName("poison").get() != null);

    // When: the next profile change, through the front and the webhook
    HasMetadata next = JSON.unmarshal(JSON.asJson(profile("after-poison", 3700L, 3300L)));
    api.client().resource(next).create();

    // Then: the manager sees it (a pod asking for it is admitted) ...
    long t0 = System.nanoTime();
    boolean seen;
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> Boolean.TRUE.equals(validate(podAsking("after-poison")).get("allowed")));
      seen = true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      seen = false;
    }
    long seenMillis = (System.nanoTime() - t0) / 1_000_000;
    int readyz = manager.readyz();
    System.out.printf(
        "probe d: after the poison, the next profile %s (%d ms); /readyz %d; last review: %s%n",
        seen ? "was seen" : "was NOT seen",
        seenMillis,
        readyz,
        validate(podAsking("after-poison")));
    // ... readiness tells the truth: not ready while an informer is stopped ...
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(readyz == 200)
        .as("/readyz is 200 exactly when the profile informer runs")
        .isEqualTo(seen);
    softly.assertThat(seen).as("the profile created after the poison reaches the manager").isTrue();

    // ... and the poison can be deleted through the front, with the webhook in the path
    String deleted;
    try {
      deleted = profiles().withName("poison").delete().isEmpty() ? "not found" : "deleted";
    } catch (KubernetesClientException e) {
      deleted = "refused: " + e.getMessage();
    }
    System.out.printf("probe d: deleting the poison through the front: %s%n", deleted);
    softly.assertThat(deleted).isEqualTo("deleted");
    if (deleted.equals("deleted")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> profiles().withName("poison").get() == null);
    }
    softly.assertThat(manager.alive()).as(manager.log()).isTrue();
    softly.assertAll();
  }

  // --- helpers ---

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          io.fabric8.kubernetes.api.model.GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<
              io.fabric8.kubernetes.api.model.GenericKubernetesResource>>
      profiles() {
    return api.client()
        .genericKubernetesResources(PowerApi.API_VERSION, "PowerProfile")
        .inNamespace(ChartSizedManager.NAMESPACE);
  }

  private static void assertNormalReviewAnswers(Duration within) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> response =
        manager.post("/validate", review(podWithContainers(1, null)), within);
    System.out.printf(
        "  a normal review afterwards: HTTP %d in %d ms%n",
        response.statusCode(), (System.nanoTime() - t0) / 1_000_000);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(responseOf(response.body()).get("allowed")).isEqualTo(true);
  }

  private static Map<String, Object> validate(Map<String, Object> pod) throws Exception {
    HttpResponse<String> response = manager.post("/validate", review(pod), Duration.ofSeconds(10));
    return responseOf(response.body());
  }

  private static Map<String, Object> profile(String name, long max, long min) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("name", name);
    spec.put("max", max);
    spec.put("min", min);
    spec.put("epp", "performance");
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("apiVersion", PowerApi.API_VERSION);
    profile.put("kind", "PowerProfile");
    profile.put("metadata", Map.of("name", name, "namespace", ChartSizedManager.NAMESPACE));
    profile.put("spec", spec);
    return profile;
  }

  /** A Guaranteed pod with one container asking for two CPUs of {@code profile}. */
  private static Map<String, Object> podAsking(String profile) {
    Map<String, Object> amounts =
        Map.of("cpu", "2", "memory", "200Mi", PowerApi.GROUP + "/" + profile, "2");
    Map<String, Object> container =
        Map.of(
            "name", "app",
            "image", "ubuntu",
            "resources", Map.of("requests", amounts, "limits", amounts));
    return pod("asks-" + profile, List.of(container), Map.of());
  }

  /** A pod with {@code n} containers of a name and an image, annotated with {@code profile}. */
  private static Map<String, Object> podWithBareContainers(int n, String profile) {
    List<Object> containers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      containers.add(
          Map.of(
              "name",
              String.format("container-%05d", i),
              "image",
              "docker.io/library/ubuntu:24.04"));
    }
    return pod("pod-" + n, containers, Map.of(PROFILE_ANNOTATION, profile));
  }

  /** A pod with {@code n} plain containers, annotated with {@code profile} unless it is null. */
  private static Map<String, Object> podWithContainers(int n, String profile) {
    List<Object> containers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      containers.add(
          Map.of(
              "name",
              "c" + i,
              "image",
              "ubuntu",
              "resources",
              Map.of(
                  "requests", Map.of("cpu", "1", "memory", "64Mi"),
                  "limits", Map.of("cpu", "1", "memory", "64Mi"))));
    }
    return pod(
        "pod-" + n, containers, profile == null ? Map.of() : Map.of(PROFILE_ANNOTATION, profile));
  }

  private static Map<String, Object> pod(
      String name, List<Object> containers, Map<String, String> annotations) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", "default");
    if (!annotations.isEmpty()) {
      metadata.put("annotations", annotations);
    }
    Map<String, Object> pod = new LinkedHashMap<>();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    pod.put("metadata", metadata);
    pod.put("spec", Map.of("containers", containers));
    return pod;
  }

  private static byte[] review(Map<String, Object> pod) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", UUID.randomUUID().toString());
    request.put("kind", Map.of("group", "", "version", "v1", "kind", "Pod"));
    request.put("resource", Map.of("group", "", "version", "v1", "resource", "pods"));
    request.put("name", ((Map<?, ?>) pod.get("metadata")).get("name"));
    request.put("namespace", "default");
    request.put("operation", "CREATE");
    request.put("userInfo", Map.of("username", "probe"));
    request.put("object", pod);
    request.put("dryRun", false);
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.put("request", request);
    return JSON.asJson(review).getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> responseOf(String body) {
    Map<String, Object> review = JSON.unmarshal(body, Map.class);
    assertThat(review).as(body).containsKey("response");
    return (Map<String, Object>) review.get("response");
  }
}
