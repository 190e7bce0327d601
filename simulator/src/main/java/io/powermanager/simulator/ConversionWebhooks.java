package io.powermanager.simulator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.powermanager.api.PowerResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The power CRDs as the simulator installs them: the chart's CRDs, where those that convert through
 * a webhook ({@code spec.conversion.strategy: Webhook}) call the in-process manager's {@code
 * /convert} by URL with the simulator's CA in {@code caBundle}, instead of the chart's Service
 * (there is no cluster DNS here). In a cluster the manager patches the {@code caBundle} itself;
 * here the simulator writes both before anything reads a non-storage version. The manager and the
 * agents read and write v1, the storage version, and need no conversion; v1alpha1 clients (kubectl,
 * the walkthrough, the simulator's own watches) are converted through this very URL.
 */
public final class ConversionWebhooks {

  /** The manager's conversion route (the chart's {@code clientConfig.service.path}). */
  public static final String PATH = "/convert";

  private ConversionWebhooks() {}

  /**
   * The power CRDs, with {@code url} = {@code baseUrl + /convert} and {@code caBundle} on every
   * webhook conversion. Pure.
   *
   * @param baseUrl the manager's HTTPS server, {@code https://127.0.0.1:<port>}
   * @param caPem the CA that signed its certificate
   */
  public static List<CustomResourceDefinition> crds(String baseUrl, String caPem) {
    WebhookClientConfig clientConfig =
        new WebhookClientConfigBuilder()
            .withUrl(baseUrl + PATH)
            .withCaBundle(
                Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
            .build();
    List<CustomResourceDefinition> crds = PowerResources.crds();
    for (CustomResourceDefinition crd : crds) {
      var conversion = crd.getSpec().getConversion();
      if (conversion != null
          && "Webhook".equals(conversion.getStrategy())
          && conversion.getWebhook() != null) {
        conversion.getWebhook().setClientConfig(clientConfig);
      }
    }
    return crds;
  }

  /** Creates the CRDs of {@link #crds}, or replaces them where they exist. Idempotent. */
  public static void install(KubernetesClient client, String baseUrl, String caPem) {
    for (CustomResourceDefinition crd : crds(baseUrl, caPem)) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(crd)
          .unlock()
          .createOr(NonDeletingOperation::update);
    }
  }

  /**
   * A port on 127.0.0.1 that was free a moment ago: the manager's HTTPS port is chosen before it
   * starts, so that the CRDs can name it before its informers list.
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
