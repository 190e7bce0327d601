package io.powermanager.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerResources;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.certs.CertsTool;
import io.powermanager.certs.SslContexts;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.manager.ManagerConfig.SelfCertificates;
import io.powermanager.reconciler.ReconcilerConfig;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerIT {

  @TempDir Path conversionDir;

  private static final String NS = "default";

  private EmbeddedApiServer api;

  private ConversionEndpoint conversion;
  private KubernetesClient client;
  private Manager manager;

  @BeforeEach
  void startApiServer() {
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
  }

  @AfterEach
  void stop() {
    if (manager != null) {
      manager.close();
    }
    api.close();
    conversion.close();
  }

  private static ManagerConfig config(Path certDir, Optional<SelfCertificates> self) {
    return new ManagerConfig(
        NS,
        "127.0.0.1",
        0,
        0,
        Optional.of(certDir),
        self,
        Optional.of("power-scheduler"),
        ScorePolicy.SPREAD,
        ReconcilerConfig.defaults(NS, "example.org/power-manager:test"));
  }

  private static HttpResponse<String> post(SSLContext tls, int port, String path, String body)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
    return http.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void servesWebhookAndExtenderOnOneHttpsPortAndReconcilesBeside(@TempDir Path certDir)
      throws Exception {
    // Given
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
    SSLContext tls = SslContexts.trusting(issued.caCertificatePem());
    manager =
        Manager.start(
            config(certDir, Optional.empty()), client, new PrometheusRegistry(), Clock.systemUTC());

    // When
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(get(manager.probePort(), "/readyz")).isEqualTo(200));
    HttpResponse<String> review =
        post(
            tls,
            manager.httpsPort(),
            "/validate",
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
              "uid":"u-1","kind":{"group":"","version":"v1","kind":"Pod"},
              "resource":{"group":"","version":"v1","resource":"pods"},"namespace":"default","operation":"CREATE",
              "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
                "spec":{"containers":[{"name":"app","resources":{
                  "requests":{"cpu":"2","memory":"1Gi","power.intel.com/performance":"1"},
                  "limits":{"cpu":"2","memory":"1Gi","power.intel.com/performance":"1"}}}]}}}}
            """);
    HttpResponse<String> filter =
        post(
            tls,
            manager.httpsPort(),
            "/filter",
            """
            {"Pod":{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"app",
              "resources":{"limits":{"cpu":"2","power.intel.com/performance":"2"}}}]}},
             "Nodes":null,"NodeNames":["node-1"]}
            """);
    client
        .resources(PowerConfig.class)
        .inNamespace(NS)
        .resource(
            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                """
                apiVersion: power.intel.com/v1alpha1
                kind: PowerConfig
                metadata: {name: power-config}
                spec:
                  powerNodeSelector: {feature.node.kubernetes.io/appqos-node: "true"}
                  powerProfiles: [performance]
                """,
                PowerConfig.class))
        .create();

    // Then
    assertThat(review.statusCode()).isEqualTo(200);
    assertThat(review.body())
        .contains("\"uid\":\"u-1\"")
        .contains("\"allowed\":false")
        .contains("2 CPUs requested but power.intel.com/performance is 1; they must be equal");
    assertThat(filter.statusCode()).isEqualTo(200);
    assertThat(filter.body())
        .contains("\"FailedAndUnresolvableNodes\":{\"node-1\":\"no power agent\"}");
    assertThat(get(manager.probePort(), "/healthz")).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .daemonSets()
                            .inNamespace(NS)
                            .withName("power-node-agent")
                            .get())
                    .isNotNull());
  }

  @Test
  void issuesItsOwnCertificateAndInjectsTheCa(@TempDir Path certDir) throws Exception {
    // Given: the chart's two webhook configurations, without a caBundle
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("power-manager")
                .endMetadata()
                .addNewWebhook()
                .withName("pod.mutate.power.intel.com")
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withNewClientConfig()
                .withNewService()
                .withName("power-manager")
                .withNamespace(NS)
                .withPath("/mutate")
                .endService()
                .endClientConfig()
                .endWebhook()
                .build())
        .create();
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("power-manager")
                .endMetadata()
                .addNewWebhook()
                .withName("pod.validate.power.intel.com")
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withNewClientConfig()
                .withNewService()
                .withName("power-manager")
                .withNamespace(NS)
                .withPath("/validate")
                .endService()
                .endClientConfig()
                .endWebhook()
                .build())
        .create();

    // When
    manager =
        Manager.start(
            config(
                certDir,
                Optional.of(
                    new SelfCertificates(
                        "power-manager-tls", "power-manager", "power-manager", "power-manager"))),
            client,
            new PrometheusRegistry(),
            Clock.systemUTC());

    // Then
    Secret secret = client.secrets().inNamespace(NS).withName("power-manager-tls").get();
    String ca =
        new String(
            Base64.getDecoder().decode(secret.getData().get("ca.crt")), StandardCharsets.UTF_8);
    String injected =
        new String(
            Base64.getDecoder()
                .decode(
                    client
                        .admissionRegistration()
                        .v1()
                        .validatingWebhookConfigurations()
                        .withName("power-manager")
                        .get()
                        .getWebhooks()
                        .get(0)
                        .getClientConfig()
                        .getCaBundle()),
            StandardCharsets.UTF_8);
    assertThat(injected).isEqualTo(ca);
    assertThat(certDir.resolve("tls.crt")).exists();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(manager.ready()).isTrue());
  }

  @Test
  void pointsTheConvertedCrdsAtItsConversionServiceWithCertManagersInjectCaFrom(
      @TempDir Path certDir) throws Exception {
    // Given: mounted files (cert-manager mode) with the chart's conversion Service and Certificate
    CertsTool.writeFiles(
        "power-manager",
        NS,
        certDir,
        List.of(),
        List.of("127.0.0.1"),
        Duration.ofDays(1),
        Clock.systemUTC(),
        new SecureRandom());
    ManagerConfig certManager =
        config(certDir, Optional.empty())
            .withConversion(
                Optional.of(
                    new ManagerConfig.Conversion(
                        "power-manager-conversion",
                        443,
                        Optional.of(NS + "/power-manager-serving"))));

    // When
    manager = Manager.start(certManager, client, new PrometheusRegistry(), Clock.systemUTC());

    // Then: every converted CRD names the Service and cert-manager's Certificate; the caBundle
    // found (here the test's conversion endpoint's, in a cluster cainjector's) is left alone
    String found =
        Base64.getEncoder().encodeToString(conversion.caPem().getBytes(StandardCharsets.UTF_8));
    int converted = 0;
    for (var crd : PowerResources.crds()) {
      var stored =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName())
              .get();
      if (crd.getSpec().getConversion() == null
          || !"Webhook".equals(crd.getSpec().getConversion().getStrategy())) {
        continue;
      }
      converted++;
      var clientConfig = stored.getSpec().getConversion().getWebhook().getClientConfig();
      assertThat(clientConfig.getService().getName()).isEqualTo("power-manager-conversion");
      assertThat(clientConfig.getService().getNamespace()).isEqualTo(NS);
      assertThat(clientConfig.getService().getPath()).isEqualTo("/convert");
      assertThat(clientConfig.getCaBundle()).isEqualTo(found);
      assertThat(stored.getMetadata().getAnnotations())
          .containsEntry("cert-manager.io/inject-ca-from", NS + "/power-manager-serving");
    }
    assertThat(converted).isEqualTo(4);
  }

  @Test
  void runsOneComponentAloneAsTheSingleComponentCommandsDo(@TempDir Path certDir) throws Exception {
    // Given: the webhook alone (what `power-manager webhook` runs), probes on its HTTPS port
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
    SSLContext tls = SslContexts.trusting(issued.caCertificatePem());
    manager =
        Manager.start(
            config(certDir, Optional.empty())
                .withComponents(Set.of(ManagerConfig.Component.WEBHOOK), Optional.empty()),
            client,
            new PrometheusRegistry(),
            Clock.systemUTC());
    HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(
                                HttpRequest.newBuilder(
                                        URI.create(
                                            "https://127.0.0.1:" + manager.httpsPort() + "/readyz"))
                                    .build(),
                                HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(200));

    // When
    HttpResponse<String> review =
        post(
            tls,
            manager.httpsPort(),
            "/validate",
            """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
              "uid":"u-2","kind":{"group":"","version":"v1","kind":"Pod"},
              "resource":{"group":"","version":"v1","resource":"pods"},"namespace":"default","operation":"CREATE",
              "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
                "spec":{"containers":[{"name":"app"}]}}}}
            """);
    HttpResponse<String> filter = post(tls, manager.httpsPort(), "/filter", "{}");

    // Then: the webhook answers, the extender and the reconcilers are not there
    assertThat(review.statusCode()).isEqualTo(200);
    assertThat(review.body()).contains("\"uid\":\"u-2\"").contains("\"allowed\":true");
    assertThat(filter.statusCode()).isEqualTo(404);
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("power-node-agent").get())
        .isNull();
  }
}
