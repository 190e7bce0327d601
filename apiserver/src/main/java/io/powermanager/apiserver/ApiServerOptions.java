package io.powermanager.apiserver;

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
 */
public record ApiServerOptions(int port, String kubernetesVersion, boolean crdConversion) {
  public static final String DEFAULT_KUBERNETES_VERSION = "v1.33.0";

  public ApiServerOptions(int port, String kubernetesVersion) {
    this(port, kubernetesVersion, false);
  }

  public ApiServerOptions {
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
    return new ApiServerOptions(newPort, kubernetesVersion, crdConversion);
  }

  public ApiServerOptions withKubernetesVersion(String version) {
    return new ApiServerOptions(port, version, crdConversion);
  }

  /** With or without CRD version conversion (see {@link #crdConversion()}). */
  public ApiServerOptions withCrdConversion(boolean enabled) {
    return new ApiServerOptions(port, kubernetesVersion, enabled);
  }
}
