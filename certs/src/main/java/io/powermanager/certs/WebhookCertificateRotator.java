package io.powermanager.certs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the webhook's certificates in the cluster (fabric8): the Secret, the {@code caBundle} of
 * the webhook configurations and the serving files of this replica.
 *
 * <p>{@link #reconcileOnce()} reads the Secret, asks {@link RenewalPlanner} what it needs at the
 * injected clock's now, writes the new contents if any (create, or update guarded by the
 * resourceVersion: on 409 it re-reads and plans again, so a replica that loses the race adopts the
 * winner's Secret), then sets {@code caBundle} = base64 of the Secret's {@code ca.crt} on every
 * webhook of the configured configurations (JSON Patch), and only then writes {@code ca.crt},
 * {@code tls.crt}, {@code tls.key} into the cert dir. That order means the API server trusts a CA
 * before any replica serves a certificate from it. Each step writes only on a difference, so a
 * converged state writes nothing: call it at start and periodically (every replica may).
 */
public final class WebhookCertificateRotator {
  static final int MAX_ATTEMPTS = 5;

  private static final Logger LOGGER = LoggerFactory.getLogger(WebhookCertificateRotator.class);
  private static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  private static final String MANAGED_BY = "power-manager";
  private static final String TLS_SECRET_TYPE = "kubernetes.io/tls";

  private final KubernetesClient client;
  private final WebhookCertificateConfig config;
  private final Clock clock;
  private final SecureRandom random;
  private final CertificateFiles files;
  private final LeafRequest leafRequest;
  private final CrdConversionPatcher conversion;

  public WebhookCertificateRotator(
      KubernetesClient client, WebhookCertificateConfig config, Clock clock, SecureRandom random) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.files = new CertificateFiles(config.certDir());
    this.leafRequest =
        LeafRequest.forService(
            config.serviceName(),
            config.namespace(),
            config.webhookConfigurations().conversionCrds().isEmpty()
                ? List.of()
                : config.conversionService().sans(),
            List.of(),
            config.policy().leafValidity());
    this.conversion =
        new CrdConversionPatcher(
            client, config.conversionService(), config.webhookConfigurations().conversionCrds());
  }

  /**
   * Brings Secret, caBundles and files to the state the planner wants now. Idempotent.
   *
   * @throws KubernetesClientException on API errors other than a lost race, or after {@value
   *     #MAX_ATTEMPTS} lost races in a row
   */
  public RotationOutcome reconcileOnce() {
    var now = clock.instant();
    RenewalPlan plan = null;
    StoredCertificates stored = null;
    boolean secretWritten = false;
    for (int attempt = 1; stored == null; attempt++) {
      var secret = secrets().get();
      var current =
          secret == null
              ? StoredCertificates.empty()
              : StoredCertificates.fromSecretData(secret.getData());
      plan = plan(current, now);
      if (plan.converged()) {
        stored = current;
        break;
      }
      var next =
          CertificateRotation.apply(
              current,
              plan,
              config.serviceName() + "-ca",
              leafRequest,
              config.policy(),
              clock,
              random);
      try {
        write(secret, next);
        stored = next;
        secretWritten = true;
        LOGGER
            .atInfo()
            .addKeyValue(LogKeys.NAMESPACE, config.namespace())
            .addKeyValue(LogKeys.SECRET, config.secretName())
            .addKeyValue(LogKeys.REASONS, plan.reasons())
            .log(secret == null ? "webhook certificates created" : "webhook certificates renewed");
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        LOGGER
            .atDebug()
            .addKeyValue(LogKeys.SECRET, config.secretName())
            .log("another replica wrote the certificate Secret first; reading it again");
      }
    }
    var patched = injectCaBundle(stored.caCertificatesPem());
    var filesWritten = writeFiles(stored.servingFiles());
    var recheckAt = plan(stored, now).recheckAt();
    return new RotationOutcome(plan, secretWritten, patched, filesWritten, recheckAt);
  }

  private RenewalPlan plan(StoredCertificates stored, Instant now) {
    return RenewalPlanner.plan(
        stored, leafRequest.dnsNames(), leafRequest.ipAddresses(), config.policy(), now);
  }

  private Resource<Secret> secrets() {
    return client.secrets().inNamespace(config.namespace()).withName(config.secretName());
  }

  private void write(Secret existing, StoredCertificates next) {
    if (existing == null) {
      client
          .secrets()
          .inNamespace(config.namespace())
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(config.secretName())
                  .withNamespace(config.namespace())
                  .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                  .endMetadata()
                  .withType(TLS_SECRET_TYPE)
                  .withData(next.toSecretData())
                  .build())
          .create();
      return;
    }
    var data = new LinkedHashMap<String, String>();
    if (existing.getData() != null) {
      data.putAll(existing.getData());
    }
    data.putAll(next.toSecretData());
    // update() sends the resourceVersion we read: a concurrent writer makes it fail with 409.
    client
        .secrets()
        .inNamespace(config.namespace())
        .resource(new SecretBuilder(existing).withData(data).build())
        .update();
  }

  private List<String> injectCaBundle(String caCertificatesPem) {
    var caBundle =
        Base64.getEncoder().encodeToString(caCertificatesPem.getBytes(StandardCharsets.US_ASCII));
    var patched = new ArrayList<String>();
    var v1 = client.admissionRegistration().v1();
    for (var name : config.webhookConfigurations().mutating()) {
      patch(
              "MutatingWebhookConfiguration/" + name,
              v1.mutatingWebhookConfigurations().withName(name),
              c -> c.getWebhooks().stream().map(w -> w.getClientConfig()),
              caBundle)
          .ifPresent(patched::add);
    }
    for (var name : config.webhookConfigurations().validating()) {
      patch(
              "ValidatingWebhookConfiguration/" + name,
              v1.validatingWebhookConfigurations().withName(name),
              c -> c.getWebhooks().stream().map(w -> w.getClientConfig()),
              caBundle)
          .ifPresent(patched::add);
    }
    patched.addAll(conversion.injectCaBundle(caBundle));
    return patched;
  }

  /**
   * Sets {@code caBundle} on every webhook of one configuration if any differs; the edit is sent as
   * a JSON Patch computed from the change.
   */
  private <T extends HasMetadata> Optional<String> patch(
      String kindAndName,
      Resource<T> resource,
      Function<T, Stream<WebhookClientConfig>> clientConfigs,
      String caBundle) {
    var current = resource.get();
    if (current == null) {
      LOGGER
          .atWarn()
          .addKeyValue(LogKeys.WEBHOOK_CONFIGURATION, kindAndName)
          .log("webhook configuration not found; its caBundle is set once it exists");
      return Optional.empty();
    }
    if (clientConfigs(current, clientConfigs).allMatch(c -> caBundle.equals(c.getCaBundle()))) {
      return Optional.empty();
    }
    resource.edit(
        latest -> {
          clientConfigs(latest, clientConfigs).forEach(c -> c.setCaBundle(caBundle));
          return latest;
        });
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.WEBHOOK_CONFIGURATION, kindAndName)
        .log("webhook caBundle updated");
    return Optional.of(kindAndName);
  }

  private static <T> Stream<WebhookClientConfig> clientConfigs(
      T configuration, Function<T, Stream<WebhookClientConfig>> clientConfigs) {
    return clientConfigs.apply(configuration).filter(Objects::nonNull);
  }

  private boolean writeFiles(CertificateFiles.Contents wanted) {
    if (files.read().filter(wanted::equals).isPresent()) {
      return false;
    }
    files.write(wanted);
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.DIRECTORY, files.directory())
        .log("serving certificate files written");
    return true;
  }
}
