package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front over HTTPS, as kube-apiserver always serves: clients trust its CA, and only it. */
class TlsFrontIT {

  @TempDir Path dir;

  private TestCertificates certificates;
  private EmbeddedApiServer api;

  @BeforeEach
  void start() {
    certificates = TestCertificates.create();
    api = EmbeddedApiServer.start(ApiServerOptions.defaults().withTls(certificates.servingTls()));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void servesRequestsAndWatchesOverHttpsToClientsTrustingItsCa() throws Exception {
    // Given
    KubernetesClient client = api.client();
    CompletableFuture<String> added = new CompletableFuture<>();
    client
        .configMaps()
        .inNamespace("default")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(
                  Action action, io.fabric8.kubernetes.api.model.ConfigMap c) {
                added.complete(action + " " + c.getMetadata().getName());
              }

              @Override
              public void onClose(WatcherException cause) {}
            });

    // When
    client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder().withNewMetadata().withName("over-tls").endMetadata().build())
        .create();

    // Then
    assertThat(api.url()).startsWith("https://127.0.0.1:");
    assertThat(client.configMaps().inNamespace("default").withName("over-tls").get()).isNotNull();
    assertThat(added.get(10, TimeUnit.SECONDS)).isEqualTo("ADDED over-tls");
  }

  @Test
  void writesAKubeconfigThatTrustsTheCa() throws Exception {
    // When
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));

    // Then
    assertThat(Files.readString(kubeconfig)).contains("certificate-authority-data: ");
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(client.namespaces().withName("default").get()).isNotNull();
    }
  }

  @Test
  void refusesClientsThatTrustAnotherCa() {
    // Given: a client that trusts a CA which did not sign the front's certificate
    Config config = api.clientConfig();
    config.setCaCertData(TestCertificates.create().caBundle());
    config.setRequestTimeout(5_000);

    // Then
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThatThrownBy(() -> client.namespaces().withName("default").get())
          .satisfies(
              e -> {
                assertThat(causes(e)).anyMatch(SSLException.class::isInstance);
                assertThat(causes(e))
                    .anyMatch(t -> String.valueOf(t.getMessage()).contains("PKIX path"));
              });
    }
  }

  private static java.util.List<Throwable> causes(Throwable e) {
    java.util.List<Throwable> all = new java.util.ArrayList<>();
    for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
      all.add(t);
    }
    return all;
  }
}
