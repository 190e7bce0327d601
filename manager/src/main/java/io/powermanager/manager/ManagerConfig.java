package io.powermanager.manager;

import io.powermanager.domain.rules.ImageAllowList;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.reconciler.ReconcilerConfig;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How the manager runs, built once by the composition root from flags. Immutable. The {@code
 * manager} command runs every component; {@code webhook}, {@code extender} and {@code reconciler}
 * run the same composition with one.
 *
 * @param components what this process runs
 * @param powerNamespace the one namespace of every power object
 * @param host the address the servers bind ({@code 0.0.0.0} for all)
 * @param httpsPort the HTTPS server of the webhook ({@code /mutate}, {@code /validate}) and the
 *     extender ({@code /filter}, {@code /prioritize}), each with its own capacity; 0 picks a free
 *     port. Unused when neither runs
 * @param probePort the plain-HTTP server of {@code /healthz}, {@code /readyz} and {@code /metrics}
 *     for kubelet probes and Prometheus; 0 picks a free port; empty: none (the HTTPS server serves
 *     them too)
 * @param certDir where {@code tls.crt} and {@code tls.key} are (reloaded on change); empty serves
 *     plain HTTP, which only tests, the in-process simulator and a local extender should do
 * @param selfCertificates when present, the manager issues and rotates its own certificate into
 *     {@code certDir} and injects the CA into the webhook configurations
 * @param schedulerName the scheduler the mutating webhook assigns to power pods that chose none
 * @param extenderPolicy how {@code /prioritize} scores headroom
 * @param extenderMaxRequestBytes the extender's body cap before the heap bound ({@link
 *     io.powermanager.server.ServerSettings#heapBoundedBodyBytes})
 * @param extenderClientCa when present, {@code /filter} and {@code /prioritize} need a client
 *     certificate signed by one of the CAs in this PEM file (kube-scheduler's {@code tlsConfig})
 * @param agentImages the agent images the webhook admits in {@code spec.powerImage} (the default
 *     image's repository included)
 * @param reconciler the reconcilers' configuration (agent image, leader election, ...); present
 *     exactly when {@code components} has {@link Component#RECONCILER}
 * @param conversion the Service through which the API server calls {@code /convert} and how it
 *     learns the CA; when present, the manager points the converted CRDs at it at start (and, with
 *     self-managed certificates, on every rotation); empty: self-managed certificates point them at
 *     the webhook Service, mounted ones leave them alone
 */
public record ManagerConfig(
    Set<Component> components,
    String powerNamespace,
    String host,
    int httpsPort,
    OptionalInt probePort,
    Optional<Path> certDir,
    Optional<SelfCertificates> selfCertificates,
    Optional<String> schedulerName,
    ScorePolicy extenderPolicy,
    long extenderMaxRequestBytes,
    Optional<Path> extenderClientCa,
    ImageAllowList agentImages,
    Optional<ReconcilerConfig> reconciler,
    Optional<Conversion> conversion) {

  public static final int DEFAULT_HTTPS_PORT = 9443;
  public static final int DEFAULT_PROBE_PORT = 8081;

  /** The parts a process can run. */
  public enum Component {
    /** {@code /mutate}, {@code /validate}. */
    WEBHOOK,
    /** {@code /filter}, {@code /prioritize}. */
    EXTENDER,
    /** The leader-elected reconcilers. */
    RECONCILER
  }

  public ManagerConfig {
    components = Set.copyOf(components);
    Objects.requireNonNull(powerNamespace, "powerNamespace");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(probePort, "probePort");
    Objects.requireNonNull(certDir, "certDir");
    Objects.requireNonNull(selfCertificates, "selfCertificates");
    Objects.requireNonNull(schedulerName, "schedulerName");
    Objects.requireNonNull(extenderPolicy, "extenderPolicy");
    Objects.requireNonNull(extenderClientCa, "extenderClientCa");
    Objects.requireNonNull(agentImages, "agentImages");
    Objects.requireNonNull(reconciler, "reconciler");
    Objects.requireNonNull(conversion, "conversion");
    if (components.isEmpty()) {
      throw new IllegalArgumentException("no component to run");
    }
    if (components.contains(Component.RECONCILER) != reconciler.isPresent()) {
      throw new IllegalArgumentException(
          "a reconciler configuration goes with the RECONCILER component, and only with it");
    }
    reconciler.ifPresent(
        r -> {
          if (!r.powerNamespace().equals(powerNamespace)) {
            throw new IllegalArgumentException(
                "the reconcilers' namespace "
                    + r.powerNamespace()
                    + " differs from the power namespace "
                    + powerNamespace);
          }
        });
    if (selfCertificates.isPresent() && certDir.isEmpty()) {
      throw new IllegalArgumentException("self-managed certificates need a certificate directory");
    }
    if (extenderClientCa.isPresent() && certDir.isEmpty()) {
      throw new IllegalArgumentException("client certificates need a certificate directory (TLS)");
    }
    if (extenderMaxRequestBytes <= 0) {
      throw new IllegalArgumentException(
          "extenderMaxRequestBytes " + extenderMaxRequestBytes + " must be > 0");
    }
    checkPort("httpsPort", httpsPort);
    probePort.ifPresent(p -> checkPort("probePort", p));
  }

  /** Without a conversion Service of its own. */
  public ManagerConfig(
      Set<Component> components,
      String powerNamespace,
      String host,
      int httpsPort,
      OptionalInt probePort,
      Optional<Path> certDir,
      Optional<SelfCertificates> selfCertificates,
      Optional<String> schedulerName,
      ScorePolicy extenderPolicy,
      long extenderMaxRequestBytes,
      Optional<Path> extenderClientCa,
      ImageAllowList agentImages,
      Optional<ReconcilerConfig> reconciler) {
    this(
        components,
        powerNamespace,
        host,
        httpsPort,
        probePort,
        certDir,
        selfCertificates,
        schedulerName,
        extenderPolicy,
        extenderMaxRequestBytes,
        extenderClientCa,
        agentImages,
        reconciler,
        Optional.empty());
  }

  /** All components, as the chart's Deployment runs them. */
  public ManagerConfig(
      String powerNamespace,
      String host,
      int httpsPort,
      int probePort,
      Optional<Path> certDir,
      Optional<SelfCertificates> selfCertificates,
      Optional<String> schedulerName,
      ScorePolicy extenderPolicy,
      ReconcilerConfig reconciler) {
    this(
        EnumSet.allOf(Component.class),
        powerNamespace,
        host,
        httpsPort,
        OptionalInt.of(probePort),
        certDir,
        selfCertificates,
        schedulerName,
        extenderPolicy,
        ExtenderConfig.DEFAULT_MAX_REQUEST_BYTES,
        Optional.empty(),
        reconciler.agent().allowedImages().including(reconciler.agentImage()),
        Optional.of(reconciler));
  }

  /** The same process with a different set of components (and reconciler configuration). */
  public ManagerConfig withComponents(
      Set<Component> newComponents, Optional<ReconcilerConfig> newReconciler) {
    return new ManagerConfig(
        newComponents,
        powerNamespace,
        host,
        httpsPort,
        probePort,
        certDir,
        selfCertificates,
        schedulerName,
        extenderPolicy,
        extenderMaxRequestBytes,
        extenderClientCa,
        agentImages,
        newReconciler,
        conversion);
  }

  public ManagerConfig withExtenderMaxRequestBytes(long newMaxRequestBytes) {
    return new ManagerConfig(
        components,
        powerNamespace,
        host,
        httpsPort,
        probePort,
        certDir,
        selfCertificates,
        schedulerName,
        extenderPolicy,
        newMaxRequestBytes,
        extenderClientCa,
        agentImages,
        reconciler,
        conversion);
  }

  public ManagerConfig withExtenderClientCa(Optional<Path> newClientCa) {
    return new ManagerConfig(
        components,
        powerNamespace,
        host,
        httpsPort,
        probePort,
        certDir,
        selfCertificates,
        schedulerName,
        extenderPolicy,
        extenderMaxRequestBytes,
        newClientCa,
        agentImages,
        reconciler,
        conversion);
  }

  public ManagerConfig withConversion(Optional<Conversion> newConversion) {
    return new ManagerConfig(
        components,
        powerNamespace,
        host,
        httpsPort,
        probePort,
        certDir,
        selfCertificates,
        schedulerName,
        extenderPolicy,
        extenderMaxRequestBytes,
        extenderClientCa,
        agentImages,
        reconciler,
        newConversion);
  }

  /** Whether this process serves HTTPS (the webhook or the extender). */
  public boolean serves() {
    return components.contains(Component.WEBHOOK) || components.contains(Component.EXTENDER);
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

  /**
   * The CRDs' conversion webhook: Service {@code serviceName} in the power namespace, port {@code
   * port}, path {@code /convert}. The chart's is a Service of its own that publishes not-ready
   * addresses: the manager's informers list v1alpha1 through it before the manager is ready.
   *
   * @param injectCaFrom {@code <namespace>/<Certificate>} when cert-manager issues the certificate:
   *     the CRDs get cert-manager's {@code inject-ca-from} annotation and the manager never writes
   *     their {@code caBundle}; empty with self-managed certificates
   */
  public record Conversion(String serviceName, int port, Optional<String> injectCaFrom) {
    public Conversion {
      Objects.requireNonNull(serviceName, "serviceName");
      Objects.requireNonNull(injectCaFrom, "injectCaFrom");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("conversion port " + port + " is not a TCP port");
      }
    }
  }
}
