package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.powermanager.certs.SslContexts;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.KubectlApply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A profile with {@code spec.nodeSelector} on the simulated 2-node cluster: advertised only on the
 * nodes it selects, refused by the extender elsewhere with the reason, and moved when the label
 * moves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileNodeSelectorIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String RESOURCE = "power.intel.com/gold";

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("profile-node-selector-it");
    cluster = SmallClusters.start(dir, "pns-");
    cluster.writeEndpoints();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig"))))
            .build();
    apply(Examples.packaged().read(Examples.POWER_CONFIG));
    client.nodes().withName("node-1").edit(n -> label(n, "tier", "gold"));
    apply(
        """
        apiVersion: power.intel.com/v1alpha1
        kind: PowerProfile
        metadata:
          name: gold
          namespace: default
        spec:
          name: gold
          min: 3000
          max: max
          epp: performance
          nodeSelector:
            matchLabels:
              tier: gold
        """);
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void advertisedOnlyWhereSelectedRefusedElsewhereAndMovedWithTheLabel() throws Exception {
    // Then: node-1 only
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(allocatable("node-1")).isPositive();
              assertThat(allocatable("node-2")).isZero();
              assertThat(allocatable("node-2", "power.intel.com/performance")).isPositive();
            });
    assertThat(filter())
        .contains(
            "\"FailedAndUnresolvableNodes\":{\"node-2\":\"profile \\\"gold\\\" is not offered on node node-2\"}")
        .contains("\"NodeNames\":[\"node-1\"]");

    // When: the label moves
    client.nodes().withName("node-1").edit(n -> unlabel(n, "tier"));
    client.nodes().withName("node-2").edit(n -> label(n, "tier", "gold"));

    // Then
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(allocatable("node-1")).isZero();
              assertThat(allocatable("node-2")).isPositive();
              assertThat(allocatable("node-1", "power.intel.com/performance")).isPositive();
            });
  }

  private static io.fabric8.kubernetes.api.model.Node label(
      io.fabric8.kubernetes.api.model.Node n, String key, String value) {
    n.getMetadata().getLabels().put(key, value);
    return n;
  }

  private static io.fabric8.kubernetes.api.model.Node unlabel(
      io.fabric8.kubernetes.api.model.Node n, String key) {
    n.getMetadata().getLabels().remove(key);
    return n;
  }

  private void apply(String yaml) {
    KubectlApply.applyRetrying(client, yaml, "test.yaml", Duration.ofSeconds(10));
  }

  private long allocatable(String node) {
    return allocatable(node, RESOURCE);
  }

  private long allocatable(String node, String resource) {
    Quantity q = client.nodes().withName(node).get().getStatus().getAllocatable().get(resource);
    return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
  }

  /** The extender's answer, as kube-scheduler would ask it, for a pod asking 2 gold CPUs. */
  private String filter() throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(SslContexts.trusting(Files.readString(cluster.caFile())))
            .build();
    String body =
        """
        {"Pod":{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"app",
          "resources":{"limits":{"cpu":"2","memory":"1Gi","power.intel.com/gold":"2"}}}]}},
         "Nodes":null,"NodeNames":["node-1","node-2"]}
        """;
    return http.send(
            HttpRequest.newBuilder(URI.create(cluster.managerUrl() + "/filter"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
