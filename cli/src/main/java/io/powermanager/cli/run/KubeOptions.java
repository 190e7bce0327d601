package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Flags every command that talks to Kubernetes shares. The API server is found the usual way:
 * {@code --kubeconfig}, else {@code KUBECONFIG} or {@code ~/.kube/config}, else the in-cluster
 * service account (fabric8's auto-configuration).
 */
public final class KubeOptions {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
  Path kubeconfig;

  @Option(
      names = "--power-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:POWER_NAMESPACE:-power-manager}",
      description =
          "The namespace of the power objects (default: $POWER_NAMESPACE or ${DEFAULT-VALUE}).")
  String powerNamespace;

  @Option(
      names = "--log-level",
      defaultValue = "info",
      description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
  String logLevel;

  public String powerNamespace() {
    return powerNamespace;
  }

  /** Applies {@code --log-level}; call before the first logger is created. */
  public void applyLogLevel() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
  }

  public KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The connection settings: {@code --kubeconfig}, else in-cluster or {@code ~/.kube/config}. */
  public Config config() {
    Config config;
    if (kubeconfig == null) {
      config = Config.autoConfigure(null);
    } else {
      try {
        config = Config.fromKubeconfig(Files.readString(kubeconfig));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --kubeconfig " + kubeconfig, e);
      }
    }
    return config;
  }
}
