package io.powermanager.simulator.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.powermanager.domain.power.PowerNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the scheduler extender as kube-scheduler's {@code HTTPExtender} does with {@code
 * nodeCacheCapable: true}: {@code POST <urlPrefix>/filter} and {@code /prioritize} with {@code
 * {"Pod": <pod>, "Nodes": null, "NodeNames": [...]}}, over HTTPS trusting the given CA, with the
 * {@code httpTimeout}. A non-200 answer is an error {@code failed <verb> with extender at URL
 * <url>, code <n>}. Interested in pods that request a {@code power.intel.com/} resource, as the
 * example configuration's {@code managedResources} make it. Thread-safe.
 */
public final class ExtenderClient {

  /** Scores from the extender are multiplied by weight × 10 (examples/scheduler: weight 5). */
  public static final int WEIGHT = 5;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final String urlPrefix;
  private final HttpClient http;
  private final Duration timeout;

  /** What {@code filter} answered. */
  public record FilterResult(
      List<String> nodeNames,
      Map<String, String> failedNodes,
      Map<String, String> failedAndUnresolvableNodes,
      String error) {}

  public ExtenderClient(String urlPrefix, SSLContext tls, Duration timeout) {
    this.urlPrefix = urlPrefix.replaceAll("/+$", "");
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(timeout)
            .build();
  }

  /** Whether kube-scheduler would call the extender for this pod. */
  public static boolean interested(Pod pod) {
    if (pod.getSpec() == null) {
      return false;
    }
    return Stream.concat(
            list(pod.getSpec().getContainers()).stream(),
            list(pod.getSpec().getInitContainers()).stream())
        .anyMatch(ExtenderClient::asksForPower);
  }

  private static boolean asksForPower(Container c) {
    if (c.getResources() == null) {
      return false;
    }
    return Stream.of(c.getResources().getRequests(), c.getResources().getLimits())
        .filter(m -> m != null)
        .flatMap(m -> m.keySet().stream())
        .anyMatch(PowerNames::isPowerResource);
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  /**
   * Opens the TLS connection and loads what a call needs: one {@code filter} for a pod that asks
   * for nothing, with no node names. Failures are ignored (the first real call reports them).
   */
  public void warmUp(io.fabric8.kubernetes.client.KubernetesClient client) {
    Pod pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withName("warm-up")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .endContainer()
            .endSpec()
            .build();
    try {
      filter(client.getKubernetesSerialization().asJson(pod), List.of());
    } catch (IOException | RuntimeException e) {
      // the first scheduling attempt will say what is wrong
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code /filter} with node names only. */
  public FilterResult filter(String podJson, List<String> nodeNames)
      throws IOException, InterruptedException {
    JsonNode answer = call("filter", podJson, nodeNames);
    List<String> names = new ArrayList<>();
    answer.path("NodeNames").forEach(n -> names.add(n.asString()));
    return new FilterResult(
        names,
        stringMap(answer.path("FailedNodes")),
        stringMap(answer.path("FailedAndUnresolvableNodes")),
        answer.path("Error").asString(""));
  }

  /** {@code /prioritize}: score by host. */
  public Map<String, Long> prioritize(String podJson, List<String> nodeNames)
      throws IOException, InterruptedException {
    JsonNode answer = call("prioritize", podJson, nodeNames);
    Map<String, Long> scores = new LinkedHashMap<>();
    answer.forEach(h -> scores.put(h.path("Host").asString(), h.path("Score").asLong()));
    return scores;
  }

  private JsonNode call(String verb, String podJson, List<String> nodeNames)
      throws IOException, InterruptedException {
    String url = urlPrefix + "/" + verb;
    String body =
        "{\"Pod\":"
            + podJson
            + ",\"Nodes\":null,\"NodeNames\":"
            + JSON.writeValueAsString(nodeNames)
            + "}";
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "failed " + verb + " with extender at URL " + url + ", code " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> result = new LinkedHashMap<>();
    if (node.isObject()) {
      node.properties().forEach(e -> result.put(e.getKey(), e.getValue().asString()));
    }
    return result;
  }
}
