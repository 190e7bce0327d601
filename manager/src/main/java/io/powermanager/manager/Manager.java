package io.powermanager.manager;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.config.JavalinConfig;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.FieldManagers;
import io.powermanager.api.PowerResources;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.kube.EventRecorder;
import io.powermanager.certs.ConversionService;
import io.powermanager.certs.CrdConversionPatcher;
import io.powermanager.certs.ReloadingServerTls;
import io.powermanager.certs.RenewalPolicy;
import io.powermanager.certs.WebhookCertificateConfig;
import io.powermanager.certs.WebhookCertificateRotator;
import io.powermanager.extender.capacity.CapacityInformers;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.config.ExtenderConfig;
import io.powermanager.extender.http.ExtenderRoutes;
import io.powermanager.extender.http.ExtenderServer;
import io.powermanager.manager.ManagerConfig.Component;
import io.powermanager.reconciler.ReconcilerConfig;
import io.powermanager.reconciler.Reconcilers;
import io.powermanager.server.HttpsServer;
import io.powermanager.server.Lane;
import io.powermanager.server.OperationalRoutes;
import io.powermanager.server.ServerSettings;
import io.powermanager.webhook.AdmissionService;
import io.powermanager.webhook.AdmissionSettings;
import io.powermanager.webhook.ConversionRoutes;
import io.powermanager.webhook.InformerCStateFacts;
import io.powermanager.webhook.InformerPowerCatalog;
import io.powermanager.webhook.InformerScheduleCatalog;
import io.powermanager.webhook.WebhookMetrics;
import io.powermanager.webhook.WebhookRoutes;
import io.powermanager.webhook.WebhookServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one composition root of every long-running control-plane process: {@code power-manager
 * manager} (and the simulator's control plane) runs the admission webhook, the scheduler extender
 * and the leader-elected reconcilers; {@code webhook}, {@code extender} and {@code reconciler} run
 * the same composition with one component ({@link ManagerConfig#components()}).
 *
 * <p>The webhook and the extender share one {@link HttpsServer} (one port, as the chart's two
 * Services expect), each in its own {@link Lane}: its own body cap and concurrency, so neither can
 * starve the other. Probes and metrics are on a plain HTTP server beside it when a probe port is
 * configured. All components read ONE informer per kind, so a 5,000-node cluster is cached once.
 * {@link #close} stops everything in reverse order.
 */
public final class Manager implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(Manager.class);
  private static final Duration CERT_RETRY = Duration.ofMinutes(1);
  private static final Duration CERT_RECHECK_MAX = Duration.ofHours(1);
  private static final int PROBE_THREADS = ServerSettings.RESERVED_THREADS + 4;

  private final Deque<AutoCloseable> toClose;
  private final Optional<HttpsServer> https;
  private final Optional<HttpsServer> probes;
  private final BooleanSupplier ready;

  private Manager(
      Deque<AutoCloseable> toClose,
      Optional<HttpsServer> https,
      Optional<HttpsServer> probes,
      BooleanSupplier ready) {
    this.toClose = toClose;
    this.https = https;
    this.probes = probes;
    this.ready = ready;
  }

  /**
   * Starts the configured components. Returns once the servers listen; {@code /readyz} turns 200
   * when the caches have synced. The HTTPS server ({@code /convert} included) listens before the
   * informers list anything, since their v1alpha1 lists are converted by this process. With
   * self-managed certificates, the first certificate is issued (or the existing Secret reused)
   * before the server starts.
   */
  public static Manager start(
      ManagerConfig config, KubernetesClient client, PrometheusRegistry registry, Clock clock) {
    Set<Component> components = config.components();
    boolean webhook = components.contains(Component.WEBHOOK);
    boolean extender = components.contains(Component.EXTENDER);
    Deque<AutoCloseable> toClose = new ArrayDeque<>();
    try {
      config
          .selfCertificates()
          .ifPresent(self -> toClose.push(startRotation(config, self, client, clock)));
      if (config.selfCertificates().isEmpty()) {
        config
            .conversion()
            .flatMap(c -> c.injectCaFrom().map(from -> Map.entry(c, from)))
            .ifPresent(
                c -> toClose.push(startInjectCaFrom(config, c.getKey(), c.getValue(), client)));
      }
      Optional<ReloadingServerTls> tls =
          config.serves() ? config.certDir().map(ReloadingServerTls::start) : Optional.empty();
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
                  config
                      .reconciler()
                      .map(ReconcilerConfig::eventInstance)
                      .orElse(FieldManagers.RECONCILER)));
      toClose.push(informers);
      List<Lane> lanes = new ArrayList<>();
      List<Consumer<JavalinConfig>> routes = new ArrayList<>();
      List<BooleanSupplier> readiness = new ArrayList<>();
      readiness.add(informers::healthy);
      if (webhook) {
        AdmissionService admission =
            new AdmissionService(
                new InformerPowerCatalog(informers, ns),
                new AdmissionSettings(ns, config.schedulerName(), config.agentImages()),
                new InformerCStateFacts(informers, ns),
                new InformerScheduleCatalog(informers));
        WebhookRoutes webhookRoutes =
            new WebhookRoutes(
                admission, new WebhookMetrics(registry), WebhookRoutes.DEFAULT_MAX_REQUEST_BYTES);
        lanes.add(WebhookServer.lane(WebhookRoutes.DEFAULT_MAX_REQUEST_BYTES));
        routes.add(webhookRoutes::register);
        ConversionRoutes conversion =
            new ConversionRoutes(ConversionRoutes.DEFAULT_MAX_REQUEST_BYTES);
        lanes.add(conversion.lane());
        routes.add(conversion);
      }
      if (extender) {
        CapacityView view = new CapacityView(clock);
        CapacityInformers capacity = CapacityInformers.attach(view, informers);
        toClose.push(capacity);
        ExtenderConfig extenderConfig =
            new ExtenderConfig(
                config.host(),
                config.httpsPort(),
                ns,
                config.extenderPolicy(),
                config.extenderMaxRequestBytes());
        ExtenderRoutes extenderRoutes = ExtenderRoutes.create(view, extenderConfig, registry);
        extenderRoutes.warmUp();
        lanes.add(
            ExtenderServer.lane(extenderConfig)
                .withClientCertificate(config.extenderClientCa().isPresent()));
        routes.add(extenderRoutes);
        readiness.add(extenderRoutes::isReady);
      }
      BooleanSupplier ready = () -> readiness.stream().allMatch(BooleanSupplier::getAsBoolean);
      OperationalRoutes operational = new OperationalRoutes(ready, registry);
      Optional<HttpsServer> https = Optional.empty();
      Optional<HttpsServer> probes = Optional.empty();
      if (config.serves()) {
        https =
            Optional.of(
                HttpsServer.start(
                    ServerSettings.of(
                            String.join("+", lanes.stream().map(Lane::name).toList()),
                            config.host(),
                            config.httpsPort(),
                            lanes)
                        .withClientCaFile(config.extenderClientCa()),
                    tls.map(ReloadingServerTls::sslContextFactory),
                    cfg -> {
                      routes.forEach(r -> r.accept(cfg));
                      operational.register(cfg);
                    }));
        toClose.push(https.get());
        if (config.probePort().isPresent()) {
          probes =
              Optional.of(
                  HttpsServer.start(
                      ServerSettings.of(
                              "probes", config.host(), config.probePort().getAsInt(), List.of())
                          .withMaxThreads(PROBE_THREADS),
                      Optional.empty(),
                      operational::register));
          toClose.push(probes.get());
        }
      }

      // Only now do the informers list: the API server converts their v1alpha1 lists through this
      // very process's /convert (the conversion Service publishes not-ready addresses), so the
      // server must listen first or a fresh install waits for a readiness that waits for it.
      informers.start();

      if (config.reconciler().isPresent()) {
        Reconcilers reconcilers =
            Reconcilers.start(config.reconciler().get(), client, informers, registry, clock);
        toClose.push(reconcilers);
      }

      Manager manager = new Manager(toClose, https, probes, ready);
      LOGGER
          .atInfo()
          .addKeyValue("namespace", ns)
          .addKeyValue("components", components)
          .addKeyValue("httpsPort", https.map(HttpsServer::port).orElse(-1))
          .addKeyValue("probePort", probes.map(HttpsServer::port).orElse(-1))
          .addKeyValue("tls", tls.isPresent())
          .log("manager started");
      return manager;
    } catch (RuntimeException e) {
      closeAll(toClose);
      throw e;
    }
  }

  /** The converted CRDs, by CRD name. */
  private static List<String> convertedCrds() {
    return PowerResources.kinds().stream()
        .map(io.fabric8.kubernetes.client.CustomResource::getCRDName)
        .toList();
  }

  private static ConversionService conversionService(
      ManagerConfig config, ManagerConfig.Conversion conversion) {
    return new ConversionService(
        config.powerNamespace(), conversion.serviceName(), CrdConversion.PATH, conversion.port());
  }

  /**
   * cert-manager mode: points the converted CRDs at the conversion Service with cert-manager's
   * {@code inject-ca-from} (its CA injector then keeps their {@code caBundle}); retries every
   * minute until it has succeeded once.
   */
  private static AutoCloseable startInjectCaFrom(
      ManagerConfig config,
      ManagerConfig.Conversion conversion,
      String injectCaFrom,
      KubernetesClient client) {
    CrdConversionPatcher patcher =
        new CrdConversionPatcher(client, conversionService(config, conversion), convertedCrds());
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "crd-conversion");
              t.setDaemon(true);
              return t;
            });
    Runnable attempt =
        new Runnable() {
          @Override
          public void run() {
            try {
              patcher.injectCaFrom(injectCaFrom);
            } catch (RuntimeException e) {
              LOGGER
                  .atWarn()
                  .setCause(e)
                  .log("pointing the CRDs' conversion webhook failed; retrying in a minute");
              timer.schedule(this, CERT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
          }
        };
    attempt.run();
    return timer::shutdownNow;
  }

  /** Issues or reuses the certificate now, then keeps it fresh on a timer. */
  private static AutoCloseable startRotation(
      ManagerConfig config,
      ManagerConfig.SelfCertificates self,
      KubernetesClient client,
      Clock clock) {
    WebhookCertificateConfig.WebhookConfigurations configurations =
        WebhookCertificateConfig.WebhookConfigurations.of(
                self.mutatingWebhookConfiguration(), self.validatingWebhookConfiguration())
            .withConversionCrds(convertedCrds());
    if (config.conversion().isPresent()) {
      configurations =
          configurations.withConversionService(
              conversionService(config, config.conversion().get()));
    }
    WebhookCertificateRotator rotator =
        new WebhookCertificateRotator(
            client,
            new WebhookCertificateConfig(
                config.powerNamespace(),
                self.secretName(),
                self.serviceName(),
                configurations,
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

  /** The port of the webhook's and the extender's HTTPS server. */
  public int httpsPort() {
    return https
        .orElseThrow(() -> new IllegalStateException("this process serves no HTTPS"))
        .port();
  }

  /** The port of the probes' plain HTTP server. */
  public int probePort() {
    return probes.orElseThrow(() -> new IllegalStateException("no probe server")).port();
  }

  /** Whether the caches behind the webhook and the extender (those that run) have synced. */
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
