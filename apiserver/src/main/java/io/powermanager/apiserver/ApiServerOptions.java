package io.powermanager.apiserver;

import java.util.Map;

/**
 * How to start an {@link EmbeddedApiServer}.
 *
 * @param port the front's port on 127.0.0.1; 0 picks a free one
 * @param crdConversion whether custom resources are stored in their CRD's storage version and
 *     converted for requests in the other served versions, through the CRD's conversion webhook (as
 *     kube-apiserver does); off (the default), every served version is a store of its own, as
 *     before the project served two versions, so tests and tools that run no conversion webhook
 *     keep working
 * @param kubernetesVersion what {@code /version} reports, {@code v<major>.<minor>.<patch>}. The
 *     default {@value #DEFAULT_KUBERNETES_VERSION} is inside the range the machine's kubectl
 *     dispatcher maps to a real kubectl binary, and within kubectl 1.32–1.35's supported skew.
 * @param services what a webhook's {@code clientConfig.service} resolves to, as cluster DNS would:
 *     {@code <namespace>/<name>} to a base URL {@code https://host:port} (the service's {@code
 *     path} is appended); a service not listed cannot be called
 * @param tls the front's serving certificate, as kube-apiserver always has one; null serves plain
 *     HTTP (the default: kubectl, the simulator and most tests)
 */
public record ApiServerOptions(
    int port,
    String kubernetesVersion,
    boolean crdConversion,
    Map<String, String> services,
    ServingTls tls) {

  /**
   * A serving certificate and its key (PEM; the key PKCS#8) for 127.0.0.1, and the CA (PEM) that
   * signed it, which clients of {@link EmbeddedApiServer#clientConfig()} and its kubeconfig trust.
   */
  public record ServingTls(String certificatePem, String privateKeyPem, String caPem) {
    public ServingTls {
      requirePem("certificatePem", certificatePem);
      requirePem("privateKeyPem", privateKeyPem);
      requirePem("caPem", caPem);
    }

    private static void requirePem(String field, String value) {
      if (value == null || !value.contains("-----BEGIN ")) {
        throw new IllegalArgumentException(field + " must be PEM");
      }
    }

    /** The CA as a kubeconfig's {@code certificate-authority-data} and fabric8's caCertData. */
    public String caCertData() {
      return java.util.Base64.getEncoder()
          .encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "ServingTls[key hidden]";
    }
  }

  public ApiServerOptions(
      int port, String kubernetesVersion, boolean crdConversion, Map<String, String> services) {
    this(port, kubernetesVersion, crdConversion, services, null);
  }

  public static final String DEFAULT_KUBERNETES_VERSION = "v1.33.0";

  public ApiServerOptions(int port, String kubernetesVersion) {
    this(port, kubernetesVersion, false, Map.of());
  }

  public ApiServerOptions(int port, String kubernetesVersion, boolean crdConversion) {
    this(port, kubernetesVersion, crdConversion, Map.of());
  }

  public ApiServerOptions {
    services = Map.copyOf(services);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (kubernetesVersion == null || !kubernetesVersion.matches("v\\d+\\.\\d+\\.\\d+.*")) {
      throw new IllegalArgumentException(
          "kubernetesVersion must look like v1.33.0, got " + kubernetesVersion);
    }
  }

  /** A random port and {@value #DEFAULT_KUBERNETES_VERSION}. */
  public static ApiServerOptions defaults() {
    return new ApiServerOptions(0, DEFAULT_KUBERNETES_VERSION);
  }

  public ApiServerOptions withPort(int newPort) {
    return new ApiServerOptions(newPort, kubernetesVersion, crdConversion, services, tls);
  }

  public ApiServerOptions withKubernetesVersion(String version) {
    return new ApiServerOptions(port, version, crdConversion, services, tls);
  }

  /** With or without CRD version conversion (see {@link #crdConversion()}). */
  public ApiServerOptions withCrdConversion(boolean enabled) {
    return new ApiServerOptions(port, kubernetesVersion, enabled, services, tls);
  }

  /** Serving HTTPS with {@code serving} (see {@link #tls()}). */
  public ApiServerOptions withTls(ServingTls serving) {
    return new ApiServerOptions(port, kubernetesVersion, crdConversion, services, serving);
  }

  /**
   * With Service {@code namespace/name} reachable at {@code baseUrl} ({@code https://host:port}),
   * as cluster DNS and the Service's endpoints would make it for kube-apiserver.
   */
  public ApiServerOptions withService(String namespace, String name, String baseUrl) {
    if (!baseUrl.startsWith("https://")) {
      throw new IllegalArgumentException("a service URL must use https, got " + baseUrl);
    }
    Map<String, String> more = new java.util.HashMap<>(services);
    more.put(namespace + "/" + name, baseUrl.replaceAll("/+$", ""));
    return new ApiServerOptions(port, kubernetesVersion, crdConversion, more, tls);
  }
}
