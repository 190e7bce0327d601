package io.powermanager.manager;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.powermanager.api.FieldManagers;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.certs.ReloadingServerTls;
import io.powermanager.certs.RenewalPolicy;
import io.powermanager.certs.WebhookCertificateConfig;
import io.powermanager.certs.WebhookCertificateRotator;
import io.powermanager.extender.capacity.CapacityInformers;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.extender.http.ExtenderRoutes;
import io.powermanager.reconciler.Reconcilers;
import io.powermanager.webhook.AdmissionService;
import io.powermanager.webhook.AdmissionSettings;
import io.powermanager.webhook.InformerPowerCatalog;
import io.powermanager.webhook.OperationalRoutes;
import io.powermanager.webhook.WebhookConfig;
import io.powermanager.webhook.WebhookMetrics;
import io.powermanager.webhook.WebhookRoutes;
import io.powermanager.webhook.WebhookServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager process ({@code power-manager manager}, and the simulator's control plane): the
 * admission webhook and the scheduler extender on one HTTPS server, probes and metrics on a plain
 * HTTP one, and the reconcilers (leader-elected) beside them — all reading ONE informer per kind,
 * so a 5,000-node cluster is cached once. {@link #close} stops everything in reverse order.
 */
public final class Manager implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(Manager.class);
  private static final Duration CERT_RETRY = Duration.ofMinutes(1);
  private static final Duration CERT_RECHECK_MAX = Duration.ofHours(1);

  private final Deque<AutoCloseable> toClose;
  private final Javalin https;
  private final Javalin probes;
  private final BooleanSupplier ready;

  private Manager(
      Deque<AutoCloseable> toClose, Javalin https, Javalin probes, BooleanSupplier ready) {
    this.toClose = toClose;
    this.https = https;
    this.probes = probes;
    this.ready = ready;
  }

  /**
   * Starts the manager. Returns once both servers listen; {@code /readyz} turns 200 when the caches
   * have synced. With self-managed certificates, the first certificate is issued (or the existing
   * Secret reused) before the server starts.
   */
  public static Manager start(
      ManagerConfig config, KubernetesClient client, PrometheusRegistry registry, Clock clock) {
    Deque<AutoCloseable> toClose = new ArrayDeque<>();
    try {
      config
          .selfCertificates()
          .ifPresent(self -> toClose.push(startRotation(config, self, client, clock)));
      Optional<ReloadingServerTls> tls = config.certDir().map(ReloadingServerTls::start);
      tls.ifPresent(toClose::push);

      String ns = config.powerNamespace();
      ClusterInformers informers =
          ClusterInformers.cluster(
              client,
              ns,
              registry,
              new EventRecorder(
                  EventRecorder.creating(client),
                  clock,
                  FieldManagers.RECONCILER,
                  config.reconciler().leaderElection().enabled()
                      ? config.reconciler().leaderElection().identity()
                      : FieldManagers.RECONCILER));
      CapacityView view = new CapacityView(clock);
      CapacityInformers capacity = CapacityInformers.attach(view, informers);
      AdmissionService admission =
          new AdmissionService(
              new InformerPowerCatalog(informers, ns),
              new AdmissionSettings(ns, config.schedulerName()));
      informers.start();
      toClose.push(informers);
      toClose.push(capacity);

      WebhookRoutes webhookRoutes =
          new WebhookRoutes(
              admission, new WebhookMetrics(registry), WebhookRoutes.DEFAULT_MAX_REQUEST_BYTES);
      ExtenderConfig extenderConfig =
          ExtenderConfig.defaults(ns).withPolicy(config.extenderPolicy());
      ExtenderRoutes extenderRoutes = ExtenderRoutes.create(view, extenderConfig, registry);
      extenderRoutes.warmUp();
      BooleanSupplier ready = () -> informers.healthy() && extenderRoutes.isReady();
      OperationalRoutes operational = new OperationalRoutes(ready, registry);

      WebhookConfig serverConfig =
          WebhookConfig.of(ns, config.certDir())
              .withHost(config.host())
              .withPort(config.httpsPort());
      Javalin https =
          WebhookServer.javalin(
              serverConfig,
              tls.map(ReloadingServerTls::sslContextFactory),
              cfg -> {
                webhookRoutes.register(cfg);
                extenderRoutes.accept(cfg);
                operational.register(cfg);
              });
      https.start();
      toClose.push(https::stop);
      Javalin probes =
          WebhookServer.javalin(
              WebhookConfig.of(ns, Optional.empty())
                  .withHost(config.host())
                  .withPort(config.probePort()),
              Optional.empty(),
              operational::register);
      probes.start();
      toClose.push(probes::stop);

      Reconcilers reconcilers =
          Reconcilers.start(config.reconciler(), client, informers, registry, clock);
      toClose.push(reconcilers);

      Manager manager = new Manager(toClose, https, probes, ready);
      LOGGER
          .atInfo()
          .addKeyValue("namespace", ns)
          .addKeyValue("httpsPort", manager.httpsPort())
          .addKeyValue("probePort", manager.probePort())
          .addKeyValue("tls", tls.isPresent())
          .log("manager started: webhook, extender and reconcilers");
      return manager;
    } catch (RuntimeException e) {
      closeAll(toClose);
      throw e;
    }
  }

  /** Issues or reuses the certificate now, then keeps it fresh on a timer. */
  private static AutoCloseable startRotation(
      ManagerConfig config,
      ManagerConfig.SelfCertificates self,
      KubernetesClient client,
      Clock clock) {
    WebhookCertificateRotator rotator =
        new WebhookCertificateRotator(
            client,
            new WebhookCertificateConfig(
                config.powerNamespace(),
                self.secretName(),
                self.serviceName(),
                WebhookCertificateConfig.WebhookConfigurations.of(
                    self.mutatingWebhookConfiguration(), self.validatingWebhookConfiguration()),
                config.certDir().orElseThrow(),
                RenewalPolicy.defaults()),
            clock,
            new SecureRandom());
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "certificate-rotation");
              t.setDaemon(true);
              return t;
            });
    Duration next = rotate(rotator, clock);
    scheduleRotation(timer, rotator, clock, next);
    return timer::shutdownNow;
  }

  private static void scheduleRotation(
      ScheduledExecutorService timer,
      WebhookCertificateRotator rotator,
      Clock clock,
      Duration delay) {
    timer.schedule(
        () -> scheduleRotation(timer, rotator, clock, rotate(rotator, clock)),
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One rotation pass; returns when to look again. Never throws: a failure retries soon. */
  private static Duration rotate(WebhookCertificateRotator rotator, Clock clock) {
    try {
      var outcome = rotator.reconcileOnce();
      Duration until = Duration.between(clock.instant(), outcome.recheckAt());
      if (until.compareTo(CERT_RETRY) < 0) {
        return CERT_RETRY;
      }
      return until.compareTo(CERT_RECHECK_MAX) > 0 ? CERT_RECHECK_MAX : until;
    } catch (RuntimeException e) {
      LOGGER.atWarn().setCause(e).log("certificate rotation failed; retrying in a minute");
      return CERT_RETRY;
    }
  }

  public int httpsPort() {
    return ((ServerConnector) https.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  public int probePort() {
    return ((ServerConnector) probes.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  /** Whether the caches behind the webhook and the extender have synced. */
  public boolean ready() {
    return ready.getAsBoolean();
  }

  @Override
  public void close() {
    closeAll(toClose);
  }

  private static void closeAll(Deque<AutoCloseable> toClose) {
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        LOGGER.atWarn().setCause(e).log("stopping a manager part failed");
      }
    }
  }
}
