package io.powermanager.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.webhook.ConversionEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UninstallIT {

  @TempDir Path conversionDir;

  private static final String NS = "power-manager";

  private EmbeddedApiServer api;

  private ConversionEndpoint conversion;
  private KubernetesClient client;

  @BeforeEach
  void cluster() {
    conversion = ConversionEndpoint.start(conversionDir);
    api =
        EmbeddedApiServer.start(
            ApiServerOptions.defaults()
                .withCrdConversion(true)
                .withService(
                    CrdConversion.SERVICE_NAMESPACE,
                    CrdConversion.SERVICE_NAME,
                    conversion.baseUrl()));
    client = api.client();
    PowerResources.install(client, conversion.caPem());
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .endMetadata()
                .build())
        .create();
    client
        .resources(PowerConfig.class)
        .inNamespace(NS)
        .resource(
            Serialization.unmarshal(
                "{\"metadata\":{\"name\":\"power-config\"},\"spec\":{\"powerProfiles\":[\"performance\"]}}",
                PowerConfig.class))
        .create();
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build())
        .create();
    client
        .nodes()
        .withName("node-1")
        .editStatus(
            n ->
                new NodeBuilder(n)
                    .editOrNewStatus()
                    .addToCapacity("cpu", new Quantity("8"))
                    .addToCapacity("power.intel.com/performance", new Quantity("2"))
                    .addToAllocatable("power.intel.com/performance", new Quantity("2"))
                    .addToAllocatable("power.intel.com/performance-node-1", new Quantity("2"))
                    .endStatus()
                    .build());
    PowerNode pn = new PowerNode();
    pn.getMetadata().setName("node-1");
    client.resources(PowerNode.class).inNamespace(NS).resource(pn).create();
  }

  @AfterEach
  void stop() {
    api.close();
    conversion.close();
  }

  @Test
  void removesConfigCapacityAndPowerNodesOnceNoAgentRuns() throws Exception {
    // When
    Uninstall.Outcome outcome =
        new Uninstall(client, NS, Clock.systemUTC()).run(Duration.ofSeconds(5));

    // Then
    assertThat(outcome.complete()).isTrue();
    assertThat(outcome.deletedConfigs()).containsExactly("power-config");
    assertThat(client.resources(PowerConfig.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.resources(PowerNode.class).inNamespace(NS).list().getItems()).isEmpty();
    var status = client.nodes().withName("node-1").get().getStatus();
    assertThat(status.getCapacity()).containsOnlyKeys("cpu");
    assertThat(status.getAllocatable()).isEmpty();
    assertThat(
            new Uninstall(client, NS, Clock.systemUTC()).run(Duration.ofSeconds(1)).nodesCleaned())
        .isEmpty();
  }

  @Test
  void reportsAgentsThatDidNotStopInTime() throws Exception {
    // Given: an agent pod nothing deletes
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("power-node-agent-x")
                .addToLabels("app.kubernetes.io/name", "power-node-agent")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("agent")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build())
        .create();

    // When
    Uninstall.Outcome outcome =
        new Uninstall(client, NS, Clock.systemUTC()).run(Duration.ofMillis(600));

    // Then
    assertThat(outcome.complete()).isFalse();
    assertThat(outcome.agentPodsAtDeadline()).isEqualTo(1);
  }
}
