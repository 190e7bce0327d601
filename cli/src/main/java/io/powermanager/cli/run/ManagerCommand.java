package io.powermanager.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.extender.ScorePolicy;
import io.powermanager.manager.Manager;
import io.powermanager.manager.ManagerConfig;
import io.powermanager.reconciler.AgentSettings;
import io.powermanager.reconciler.ReconcilerConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code power-manager manager}: the composition root of the manager Deployment. */
@Command(
    name = "manager",
    mixinStandardHelpOptions = true,
    description =
        "Run the admission webhook and the scheduler extender (one HTTPS port, separate"
            + " capacity) and the leader-elected reconcilers, as the chart's Deployment does.")
public final class ManagerCommand implements Callable<Integer> {

  /** Where certificates come from. */
  public enum CertMode {
    /** The manager issues its own, keeps them in a Secret and injects the CA. */
    SELF,
    /** Mounted files (cert-manager, or {@code power-manager certs}); nothing is patched. */
    FILES,
    /** Plain HTTP: for local experiments only; the API server will not call it. */
    NONE
  }

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--https-port",
      defaultValue = "9443",
      description = "Webhook + extender HTTPS port (default: ${DEFAULT-VALUE}).")
  int httpsPort;

  @Option(
      names = "--probe-port",
      defaultValue = "8081",
      description = "Plain-HTTP /healthz, /readyz, /metrics (default: ${DEFAULT-VALUE}).")
  int probePort;

  @Option(
      names = "--cert-dir",
      defaultValue = "/var/run/power-manager/certs",
      description = "tls.crt, tls.key, ca.crt (default: ${DEFAULT-VALUE}).")
  Path certDir;

  @Option(
      names = "--cert-mode",
      defaultValue = "self",
      description = "self, files or none (default: ${DEFAULT-VALUE}).")
  CertMode certMode;

  @Option(
      names = "--webhook-secret",
      defaultValue = "power-manager-tls",
      description = "Secret of the self-managed certificate.")
  String webhookSecret;

  @Option(
      names = "--webhook-service",
      defaultValue = "power-manager",
      description = "Service the certificate is for.")
  String webhookService;

  @Option(
      names = "--mutating-webhook-config",
      defaultValue = "power-manager",
      description = "MutatingWebhookConfiguration to inject the CA into.")
  String mutatingConfig;

  @Option(
      names = "--validating-webhook-config",
      defaultValue = "power-manager",
      description = "ValidatingWebhookConfiguration to inject the CA into.")
  String validatingConfig;

  @Option(
      names = "--conversion-service",
      description =
          "Service (in the power namespace) through which the API server calls /convert; the"
              + " manager points the converted CRDs at it at start. The chart's publishes not-ready"
              + " addresses, since the manager's own informers list through it before it is ready"
              + " (default: the CRDs are pointed at --webhook-service with --cert-mode=self, left"
              + " alone otherwise).")
  String conversionService;

  @Option(
      names = "--conversion-service-port",
      defaultValue = "443",
      description = "Port of --conversion-service (default: ${DEFAULT-VALUE}).")
  int conversionServicePort;

  @Option(
      names = "--conversion-inject-ca-from",
      description =
          "<namespace>/<Certificate> of cert-manager (--cert-mode=files): the converted CRDs get"
              + " the annotation cert-manager.io/inject-ca-from and cert-manager's CA injector, not"
              + " the manager, writes their caBundle. Needs --conversion-service.")
  String conversionInjectCaFrom;

  @Option(
      names = "--scheduler-name",
      description = "Scheduler for power pods that chose none (default: leave them alone).")
  String schedulerName;

  @Option(
      names = "--agent-image",
      defaultValue = "ghcr.io/power-manager/power-manager:0.1.0",
      description = "Default image of the agent DaemonSet (default: ${DEFAULT-VALUE}).")
  String agentImage;

  @Mixin AgentImageAllowListOption agentImages;

  @Mixin LeaderElectionOptions election;

  @Option(
      names = "--extender-policy",
      defaultValue = "spread",
      description = "spread or binpack (default: ${DEFAULT-VALUE}).")
  ScorePolicy extenderPolicy;

  @Option(
      names = "--extender-client-ca",
      description =
          "PEM file of the CA that signs kube-scheduler's client certificate: /filter and"
              + " /prioritize then refuse callers without one (default: no client certificates).")
  Path extenderClientCa;

  @Override
  public Integer call() {
    kube.applyLogLevel();
    return run("manager", kube, config());
  }

  /** Starts the composition, runs until SIGTERM, closes it: every long-running server command. */
  static int run(String what, KubeOptions kube, ManagerConfig config) {
    KubernetesClient client = kube.client();
    Manager manager = Manager.start(config, client, new PrometheusRegistry(), Clock.systemUTC());
    return Daemon.runUntilShutdown(
        what,
        () -> {
          manager.close();
          client.close();
        });
  }

  ManagerConfig config() {
    String ns = kube.powerNamespace();
    Optional<ManagerConfig.SelfCertificates> self =
        certMode == CertMode.SELF
            ? Optional.of(
                new ManagerConfig.SelfCertificates(
                    webhookSecret, webhookService, mutatingConfig, validatingConfig))
            : Optional.empty();
    if (certMode == CertMode.NONE && httpsPort == probePort) {
      throw new ParameterException(spec.commandLine(), "--https-port and --probe-port must differ");
    }
    Optional<String> injectCaFrom =
        Optional.ofNullable(conversionInjectCaFrom).filter(s -> !s.isBlank());
    if (injectCaFrom.isPresent() && (conversionService == null || certMode != CertMode.FILES)) {
      throw new ParameterException(
          spec.commandLine(),
          "--conversion-inject-ca-from needs --conversion-service and --cert-mode=files");
    }
    Optional<ManagerConfig.Conversion> conversion =
        Optional.ofNullable(conversionService)
            .filter(s -> !s.isBlank())
            .map(s -> new ManagerConfig.Conversion(s, conversionServicePort, injectCaFrom));
    return new ManagerConfig(
            ns,
            host,
            httpsPort,
            probePort,
            certMode == CertMode.NONE ? Optional.empty() : Optional.of(certDir),
            self,
            Optional.ofNullable(schedulerName).filter(s -> !s.isBlank()),
            extenderPolicy,
            ReconcilerConfig.defaults(ns, agentImage)
                .withAgent(AgentSettings.DEFAULT.withAllowedImages(agentImages.allowList()))
                .withLeaderElection(election.settings("manager")))
        .withExtenderClientCa(Optional.ofNullable(extenderClientCa))
        .withConversion(conversion);
  }
}
