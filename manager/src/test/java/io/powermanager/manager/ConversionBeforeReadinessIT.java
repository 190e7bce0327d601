package io.powermanager.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.PowerResources;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.certs.CertsTool;
import io.powermanager.certs.SslContexts;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.reconciler.ReconcilerConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh install where the API server converts v1alpha1 through the manager itself: the manager's
 * informers list v1alpha1, so its {@code /convert} must answer before they sync (in a cluster: the
 * conversion Service publishes not-ready addresses and the HTTPS server listens first).
 */
class ConversionBeforeReadinessIT {

  private static final String NS = "default";

  private EmbeddedApiServer api;
  private Manager manager;

  @AfterEach
  void stop() {
    if (manager != null) {
      manager.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void becomesReadyWhenItsOwnInformersListThroughItsOwnConversionWebhook(@TempDir Path certDir)
      throws Exception {
    // Given: CRDs converting through the manager's port, and a stored v1 object to convert
    var issued =
        CertsTool.writeFiles(
            "power-manager",
            NS,
            certDir,
            List.of(),
            List.of("127.0.0.1"),
            Duration.ofDays(1),
            Clock.systemUTC(),
            new SecureRandom());
    api = EmbeddedApiServer.start(ApiServerOptions.defaults().withCrdConversion(true));
    KubernetesClient client = api.client();
    int port = freePort();
    var clientConfig =
        new WebhookClientConfigBuilder()
            .withUrl("https://127.0.0.1:" + port + "/convert")
            .withCaBundle(
                Base64.getEncoder()
                    .encodeToString(issued.caCertificatePem().getBytes(StandardCharsets.US_ASCII)))
            .build();
    for (var crd : PowerResources.crds()) {
      var conversion = crd.getSpec().getConversion();
      if (conversion != null && "Webhook".equals(conversion.getStrategy())) {
        conversion.getWebhook().setClientConfig(clientConfig);
      }
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    client
        .genericKubernetesResources("power.intel.com/v1", "PowerProfile")
        .inNamespace(NS)
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: power.intel.com/v1
                kind: PowerProfile
                metadata: {name: performance}
                spec: {name: performance, max: 3700, min: 3300, epp: performance, shared: false}
                """,
                GenericKubernetesResource.class))
        .create();

    // When
    manager =
        Manager.start(
            new ManagerConfig(
                NS,
                "127.0.0.1",
                port,
                0,
                Optional.of(certDir),
                Optional.empty(),
                Optional.empty(),
                ScorePolicy.SPREAD,
                ReconcilerConfig.defaults(NS, "example.org/power-manager:test")),
            client,
            new PrometheusRegistry(),
            Clock.systemUTC());
    SSLContext tls = SslContexts.trusting(issued.caCertificatePem());
    int convertStatus = convert(tls, port);

    // Then: /convert answers as soon as start returns, and the informers sync through it
    assertThat(convertStatus).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(manager.ready()).isTrue());
    assertThat(
            client
                .genericKubernetesResources("power.intel.com/v1alpha1", "PowerProfile")
                .inNamespace(NS)
                .withName("performance")
                .get()
                .getApiVersion())
        .isEqualTo("power.intel.com/v1alpha1");
  }

  private static int convert(SSLContext tls, int port) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(tls)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/convert"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"apiVersion":"apiextensions.k8s.io/v1","kind":"ConversionReview",
                         "request":{"uid":"u-1","desiredAPIVersion":"power.intel.com/v1alpha1",
                          "objects":[]}}
                        """))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
