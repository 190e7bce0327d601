package io.powermanager.reconciler;

import static io.powermanager.reconciler.Cluster.advertised;
import static io.powermanager.reconciler.Fixtures.NAMESPACE;
import static io.powermanager.reconciler.Fixtures.PERFORMANCE_ON_NODE_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.powermanager.api.PowerResources;
import io.powermanager.api.kube.StorageVersion;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcilers need no conversion webhook: the stand-in converts as kube-apiserver does, but the
 * CRDs' conversion Service answers nowhere (no manager runs), so every v1alpha1 request fails — and
 * the reconcilers, which read and write v1, converge all the same.
 */
class NoConversionWebhookIT {

  private final TickingClock clock = new TickingClock(Instant.parse("2026-11-29T10:00:00Z"));
  private EmbeddedApiServer api;
  private KubernetesClient client;
  private Reconcilers reconcilers;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start(ApiServerOptions.defaults().withCrdConversion(true));
    client = api.client();
    PowerResources.install(client); // the chart's CRDs: clientConfig.service, unreachable here
    client.nodes().resource(Fixtures.node("node-a", true, 8)).create();
    reconcilers = Fixtures.startReconcilers(client, clock);
  }

  @AfterEach
  void stop() {
    reconcilers.close();
    api.close();
  }

  @Test
  void reconcilersConvergeWhileTheConversionWebhookIsUnreachable() {
    // When the config and the agent's PowerNode arrive (at v1, as a v1 client writes them)
    StorageVersion.create(client, Fixtures.seedConfig());
    Fixtures.createPowerNode(client, "node-a", clock.instant(), "2-7");

    // (and no conversion webhook answers a v1alpha1 client)
    assertThatThrownBy(() -> client.resources(PowerConfig.class).inNamespace(NAMESPACE).list())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("conversion webhook for power.intel.com/v1, Kind=PowerConfig failed");

    // Then the reconcilers read them, write base profiles, the config's status and the node's
    // capacity, and start the agent DaemonSet
    Cluster cluster = new Cluster(client);
    await()
        .untilAsserted(
            () -> {
              assertThat(cluster.daemonSet()).isPresent();
              assertThat(cluster.powerResources("node-a"))
                  .isEqualTo(advertised(PERFORMANCE_ON_NODE_A));
              assertThat(
                      StorageVersion.resources(client, PowerProfile.class, NAMESPACE)
                          .list()
                          .getItems())
                  .extracting(p -> p.getMetadata().getName())
                  .contains("performance", "performance-node-a");
              PowerConfig config =
                  StorageVersion.get(client, PowerConfig.class, NAMESPACE, "power-config");
              assertThat(config.getStatus().getConditions())
                  .extracting(Condition::getType)
                  .contains("Ready");
            });
  }
}
