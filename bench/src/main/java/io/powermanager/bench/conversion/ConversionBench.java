package io.powermanager.bench.conversion;

import io.powermanager.api.PowerApi;
import io.powermanager.api.convert.versions.ConversionException;
import io.powermanager.api.convert.versions.VersionConversion;
import io.powermanager.bench.BenchFiles;
import io.powermanager.certs.CertificateAuthority;
import io.powermanager.certs.CertificateFiles;
import io.powermanager.certs.LeafRequest;
import io.powermanager.certs.ReloadingServerTls;
import io.powermanager.certs.SslContexts;
import io.powermanager.domain.rules.StaticCatalog;
import io.powermanager.webhook.AdmissionService;
import io.powermanager.webhook.AdmissionSettings;
import io.powermanager.webhook.ConversionRoutes;
import io.powermanager.webhook.WebhookConfig;
import io.powermanager.webhook.WebhookServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code power-manager bench convert}: the conversion webhook answering ConversionReviews of one
 * list page each (5,000 stored v1 PowerWorkloads read as v1alpha1, one in ten carrying a field
 * v1alpha1 has no home for, so the annotation path is measured too), sent one after the other over
 * HTTPS keep-alive as kube-apiserver sends them; and, for reference, the same conversion in process
 * without HTTP or JSON parsing. Prints p50/p99/max per page.
 */
public final class ConversionBench {

  /** Objects per page: the size of the list page §7.3 asks about. */
  public static final int DEFAULT_OBJECTS = 5_000;

  private static final String HOST = "localhost";
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * @param objects objects per page
   * @param warmup pages converted before measuring
   * @param measured pages measured
   */
  public record Options(int objects, int warmup, int measured) {
    public static Options defaults() {
      return new Options(DEFAULT_OBJECTS, 30, 200);
    }
  }

  /** Latencies in milliseconds. */
  public record Stats(String what, int pages, double p50, double p99, double max) {}

  /** The HTTPS and in-process numbers, and the page's size in bytes. */
  public record Result(int objects, int bodyBytes, Stats https, Stats inProcess) {}

  private ConversionBench() {}

  public static Result run(PrintStream out, Options options) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("conversion-bench");
      return runIn(dir, out, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      BenchFiles.deleteQuietly(dir);
    }
  }

  private static Result runIn(Path dir, PrintStream out, Options options)
      throws IOException, InterruptedException {
    CertificateAuthority ca =
        CertificateAuthority.create(
            "conversion-bench", Duration.ofDays(1), Clock.systemUTC(), new SecureRandom());
    new CertificateFiles(dir)
        .write(
            ca.issue(
                new LeafRequest(
                    "conversion-bench", List.of(HOST), List.of("127.0.0.1"), Duration.ofDays(1))));
    ObjectNode review = review(page(options.objects()));
    byte[] body = MAPPER.writeValueAsBytes(review);
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(SslContexts.trusting(ca.certificatePem()))
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Stats https;
    try (ReloadingServerTls tls = ReloadingServerTls.start(dir);
        WebhookServer server =
            WebhookServer.start(
                WebhookConfig.of("power", Optional.empty()).withHost("127.0.0.1").withPort(0),
                new AdmissionService(
                    StaticCatalog.builder().build(), AdmissionSettings.of("power")),
                () -> true,
                new PrometheusRegistry(),
                Optional.of(tls.sslContextFactory()))) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("https://" + HOST + ":" + server.port() + ConversionRoutes.PATH))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      check(client.send(request, HttpResponse.BodyHandlers.ofByteArray()), options.objects());
      for (int i = 0; i < options.warmup(); i++) {
        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      }
      long[] nanos = new long[options.measured()];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        HttpResponse<byte[]> response =
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        nanos[i] = System.nanoTime() - start;
        if (response.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + response.statusCode());
        }
      }
      https = stats("HTTPS /convert (parse, convert, write)", nanos);
    }

    JsonNode objects = review.path("request").path("objects");
    for (int i = 0; i < options.warmup(); i++) {
      convertAll(objects);
    }
    long[] nanos = new long[options.measured()];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      convertAll(objects);
      nanos[i] = System.nanoTime() - start;
    }
    Stats inProcess = stats("in process (convert only)", nanos);

    Result result = new Result(options.objects(), body.length, https, inProcess);
    print(out, result);
    return result;
  }

  private static void convertAll(JsonNode objects) {
    try {
      for (JsonNode o : objects) {
        VersionConversion.convert(o, PowerApi.API_VERSION);
      }
    } catch (ConversionException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void check(HttpResponse<byte[]> response, int objects) {
    JsonNode answer = MAPPER.readTree(response.body());
    JsonNode r = answer.path("response");
    if (response.statusCode() != 200
        || !"Success".equals(r.path("result").path("status").asString(""))
        || r.path("convertedObjects").size() != objects) {
      throw new IllegalStateException(
          "the conversion webhook did not convert the page: HTTP "
              + response.statusCode()
              + " "
              + r.path("result"));
    }
  }

  /** {@code n} stored v1 PowerWorkloads as an Intel v2.5 cluster holds them (per-pod workloads). */
  static ArrayNode page(int n) {
    ArrayNode objects = NODES.arrayNode();
    for (int i = 0; i < n; i++) {
      ObjectNode o = objects.addObject();
      o.put("apiVersion", PowerApi.STORAGE_API_VERSION);
      o.put("kind", "PowerWorkload");
      ObjectNode meta = o.putObject("metadata");
      String name = "performance-node-" + i + "-workload";
      meta.put("name", name);
      meta.put("namespace", "intel-power");
      meta.put("uid", "00000000-0000-4000-8000-" + String.format("%012d", i));
      meta.put("resourceVersion", Integer.toString(1000 + i));
      meta.put("generation", 1);
      meta.put("creationTimestamp", "2026-12-06T00:00:00Z");
      ObjectNode spec = o.putObject("spec");
      spec.put("name", name);
      spec.put("powerProfile", "performance");
      ObjectNode nodes = spec.putObject("workloadNodes");
      nodes.put("name", "node-" + i);
      nodes.putArray("cpuIds").add(2).add(3).add(4).add(5);
      ArrayNode containers = nodes.putArray("containers");
      for (int c = 0; c < 2; c++) {
        ObjectNode container = containers.addObject();
        container.put("name", "app-" + c);
        container.put("id", "containerd://" + Integer.toHexString(i * 31 + c));
        container.put("pod", "pod-" + i);
        container.put("namespace", "default");
        container.put("podUID", "10000000-0000-4000-8000-" + String.format("%012d", i));
        container.putArray("exclusiveCpus").add(2 + 2 * c).add(3 + 2 * c);
        container.put("powerProfile", "performance");
        if (i % 10 == 0) {
          container.put("workload", name); // Intel's field: no v1alpha1 home, annotation path
        }
      }
      o.putObject("status").put("node", "node-" + i).put("cpuIds", "2-5");
    }
    return objects;
  }

  static ObjectNode review(ArrayNode objects) {
    ObjectNode review = NODES.objectNode();
    review.put("apiVersion", "apiextensions.k8s.io/v1");
    review.put("kind", "ConversionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "bench");
    request.put("desiredAPIVersion", PowerApi.API_VERSION);
    request.set("objects", objects);
    return review;
  }

  private static Stats stats(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Stats(
        what,
        sorted.length,
        millis(percentile(sorted, 0.50)),
        millis(percentile(sorted, 0.99)),
        millis(sorted[sorted.length - 1]));
  }

  private static long percentile(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  private static void print(PrintStream out, Result r) {
    out.printf(
        "conversion webhook: %,d PowerWorkloads v1 -> v1alpha1 per review (%,d bytes),"
            + " one review at a time%n",
        r.objects(), r.bodyBytes());
    out.printf("%-42s %6s %9s %9s %9s%n", "", "pages", "p50 ms", "p99 ms", "max ms");
    for (Stats s : List.of(r.https(), r.inProcess())) {
      out.printf("%-42s %6d %9.1f %9.1f %9.1f%n", s.what(), s.pages(), s.p50(), s.p99(), s.max());
    }
    out.printf(
        "per object (HTTPS p99): %.1f us%n", r.https().p99() * 1000.0 / Math.max(1, r.objects()));
  }
}
