package io.powermanager.manager;

import io.powermanager.extender.ScorePolicy;
import io.powermanager.reconciler.ReconcilerConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the manager runs, built once by the composition root from flags. Immutable.
 *
 * @param powerNamespace the one namespace of every power object
 * @param host the address both servers bind ({@code 0.0.0.0} for all)
 * @param httpsPort the HTTPS server of the webhook ({@code /mutate}, {@code /validate}) and the
 *     extender ({@code /filter}, {@code /prioritize}); 0 picks a free port
 * @param probePort the plain-HTTP server of {@code /healthz}, {@code /readyz} and {@code /metrics}
 *     for kubelet probes and Prometheus; 0 picks a free port
 * @param certDir where {@code tls.crt} and {@code tls.key} are (reloaded on change); empty serves
 *     plain HTTP, which only tests and the in-process simulator should do
 * @param selfCertificates when present, the manager issues and rotates its own certificate into
 *     {@code certDir} and injects the CA into the webhook configurations
 * @param schedulerName the scheduler the mutating webhook assigns to power pods that chose none
 * @param extenderPolicy how {@code /prioritize} scores headroom
 * @param reconciler the reconcilers' configuration (agent image, leader election, ...)
 */
public record ManagerConfig(
    String powerNamespace,
    String host,
    int httpsPort,
    int probePort,
    Optional<Path> certDir,
    Optional<SelfCertificates> selfCertificates,
    Optional<String> schedulerName,
    ScorePolicy extenderPolicy,
    ReconcilerConfig reconciler) {

  public static final int DEFAULT_HTTPS_PORT = 9443;
  public static final int DEFAULT_PROBE_PORT = 8081;

  public ManagerConfig {
    Objects.requireNonNull(powerNamespace, "powerNamespace");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(certDir, "certDir");
    Objects.requireNonNull(selfCertificates, "selfCertificates");
    Objects.requireNonNull(schedulerName, "schedulerName");
    Objects.requireNonNull(extenderPolicy, "extenderPolicy");
    Objects.requireNonNull(reconciler, "reconciler");
    if (!reconciler.powerNamespace().equals(powerNamespace)) {
      throw new IllegalArgumentException(
          "the reconcilers' namespace "
              + reconciler.powerNamespace()
              + " differs from the power namespace "
              + powerNamespace);
    }
    if (selfCertificates.isPresent() && certDir.isEmpty()) {
      throw new IllegalArgumentException("self-managed certificates need a certificate directory");
    }
    checkPort("httpsPort", httpsPort);
    checkPort("probePort", probePort);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " " + port + " is not a TCP port");
    }
  }

  /**
   * The certificate the manager keeps for itself: Secret {@code secretName} in the power namespace,
   * valid for Service {@code serviceName}, its CA patched into the named webhook configurations.
   */
  public record SelfCertificates(
      String secretName,
      String serviceName,
      String mutatingWebhookConfiguration,
      String validatingWebhookConfiguration) {
    public SelfCertificates {
      Objects.requireNonNull(secretName, "secretName");
      Objects.requireNonNull(serviceName, "serviceName");
      Objects.requireNonNull(mutatingWebhookConfiguration, "mutatingWebhookConfiguration");
      Objects.requireNonNull(validatingWebhookConfiguration, "validatingWebhookConfiguration");
    }
  }
}
