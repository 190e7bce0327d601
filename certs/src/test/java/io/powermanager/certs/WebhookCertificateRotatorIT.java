package io.powermanager.certs;

import static io.powermanager.certs.RenewalTimeline.CA_RENEWAL;
import static io.powermanager.certs.RenewalTimeline.LEAF_RENEWAL;
import static io.powermanager.certs.RenewalTimeline.POLICY;
import static io.powermanager.certs.RenewalTimeline.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true, https = false)
class WebhookCertificateRotatorIT {
  private static final String NAMESPACE = "power";
  private static final String SECRET = "power-webhook-certs";
  private static final String SERVICE = "power-webhook";
  private static final String MUTATING = "power-manager-mutating";
  private static final String VALIDATING = "power-manager-validating";

  KubernetesClient client;
  KubernetesMockServer server;

  @TempDir Path certDir;
  @TempDir Path otherReplicaCertDir;

  private final MutableClock clock = new MutableClock(T0);

  @BeforeEach
  void createWebhookConfigurations() {
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(MUTATING)
                .endMetadata()
                .withWebhooks(
                    mutatingWebhook("mpod.power.intel.com", "c3RhbGU="),
                    mutatingWebhook("mprofile.power.intel.com", null))
                .build())
        .create();
    createValidatingConfiguration();
  }

  @Test
  void firstRunCreatesTheSecretInjectsTheCaBundleAndWritesTheFiles() throws Exception {
    // When
    var outcome = rotator(certDir).reconcileOnce();

    // Then
    var secret = secret();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key", "tls.crt", "tls.key");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "power-manager");
    var stored = StoredCertificates.fromSecretData(secret.getData());
    var ca = Pem.certificates(stored.caCertificatesPem());
    assertThat(ca).hasSize(1);
    assertThat(caBundles())
        .hasSize(3)
        .allSatisfy(b -> assertThat(b).isEqualTo(stored.caCertificatesPem()));
    var leaf = Pem.certificate(Files.readString(certDir.resolve("tls.crt")));
    assertThat(CertificateAuthority.isSignedBy(leaf, ca.get(0).getPublicKey())).isTrue();
    assertThat(dnsNames(leaf)).contains("power-webhook.power.svc");
    assertThat(Files.readString(certDir.resolve("tls.key"))).isEqualTo(stored.privateKeyPem());
    assertThat(Files.readString(certDir.resolve("ca.crt"))).isEqualTo(stored.caCertificatesPem());
    assertThat(certDir.resolve("ca.key")).doesNotExist();
    assertThat(outcome.secretWritten()).isTrue();
    assertThat(outcome.patchedConfigurations())
        .containsExactly(
            "MutatingWebhookConfiguration/" + MUTATING,
            "ValidatingWebhookConfiguration/" + VALIDATING);
    assertThat(outcome.filesWritten()).isTrue();
    assertThat(outcome.recheckAt()).isEqualTo(LEAF_RENEWAL);
  }

  @Test
  void secondRunWritesNothing() throws Exception {
    // Given
    var rotator = rotator(certDir);
    rotator.reconcileOnce();
    var before = resourceVersions();
    var fileTimes = fileTimes();

    // When
    var outcome = rotator.reconcileOnce();

    // Then
    assertThat(outcome.wroteAnything()).isFalse();
    assertThat(outcome.plan().converged()).isTrue();
    assertThat(resourceVersions()).isEqualTo(before);
    assertThat(fileTimes()).isEqualTo(fileTimes);
  }

  @Test
  void renewsALeafNearExpiryFromTheSameCaWithoutTouchingTheCaBundle() throws Exception {
    // Given
    var rotator = rotator(certDir);
    rotator.reconcileOnce();
    var first = stored();
    var configurationVersions = resourceVersions().subList(1, 3);
    clock.set(LEAF_RENEWAL);

    // When
    var outcome = rotator.reconcileOnce();

    // Then
    var renewed = stored();
    assertThat(outcome.secretWritten()).isTrue();
    assertThat(outcome.patchedConfigurations()).isEmpty();
    assertThat(renewed.caKeyPem()).isEqualTo(first.caKeyPem());
    assertThat(renewed.caCertificatesPem()).isEqualTo(first.caCertificatesPem());
    assertThat(renewed.certificatePem()).isNotEqualTo(first.certificatePem());
    assertThat(resourceVersions().subList(1, 3)).isEqualTo(configurationVersions);
    assertThat(Files.readString(certDir.resolve("tls.crt"))).isEqualTo(renewed.certificatePem());
    assertThat(Files.readString(certDir.resolve("tls.key"))).isEqualTo(renewed.privateKeyPem());
  }

  @Test
  void rotatesACaNearExpiryServingBothCasInTheBundle() throws Exception {
    // Given
    var rotator = rotator(certDir);
    rotator.reconcileOnce();
    var oldCa = Pem.certificate(stored().caCertificatesPem());
    clock.set(CA_RENEWAL);

    // When
    var outcome = rotator.reconcileOnce();

    // Then
    var bundles = caBundles();
    var cas = Pem.certificates(bundles.get(0));
    var newCa = cas.get(0);
    assertThat(outcome.plan().rotateCa()).isTrue();
    assertThat(cas).hasSize(2).containsExactly(newCa, oldCa);
    assertThat(bundles).hasSize(3).allSatisfy(b -> assertThat(b).isEqualTo(bundles.get(0)));
    assertThat(Pem.certificates(Files.readString(certDir.resolve("ca.crt"))))
        .containsExactly(newCa, oldCa);
    var leaf = Pem.certificate(Files.readString(certDir.resolve("tls.crt")));
    assertThat(CertificateAuthority.isSignedBy(leaf, newCa.getPublicKey())).isTrue();
    assertThat(outcome.recheckAt()).isEqualTo(CA_RENEWAL.plus(POLICY.caOverlap()));
  }

  @Test
  void writesNothingWhileTheOldCaOverlaps() throws Exception {
    // Given
    var rotator = rotator(certDir);
    rotator.reconcileOnce();
    clock.set(CA_RENEWAL);
    rotator.reconcileOnce();
    var before = resourceVersions();
    clock.set(CA_RENEWAL.plus(POLICY.caOverlap()).minusSeconds(1));

    // When
    var outcome = rotator.reconcileOnce();

    // Then
    assertThat(outcome.wroteAnything()).isFalse();
    assertThat(resourceVersions()).isEqualTo(before);
    assertThat(caBundles()).allSatisfy(b -> assertThat(Pem.certificates(b)).hasSize(2));
  }

  @Test
  void dropsTheOldCaFromTheBundleOnceTheOverlapEnds() throws Exception {
    // Given
    var rotator = rotator(certDir);
    rotator.reconcileOnce();
    clock.set(CA_RENEWAL);
    rotator.reconcileOnce();
    var rotated = stored();
    var newCa = Pem.certificates(rotated.caCertificatesPem()).get(0);
    clock.set(CA_RENEWAL.plus(POLICY.caOverlap()));

    // When
    var outcome = rotator.reconcileOnce();

    // Then
    assertThat(outcome.plan().trimCaBundle()).isTrue();
    assertThat(outcome.plan().issueLeaf()).isFalse();
    assertThat(caBundles())
        .hasSize(3)
        .allSatisfy(b -> assertThat(Pem.certificates(b)).containsExactly(newCa));
    assertThat(Pem.certificates(stored().caCertificatesPem())).containsExactly(newCa);
    assertThat(Pem.certificates(Files.readString(certDir.resolve("ca.crt"))))
        .containsExactly(newCa);
    assertThat(stored().certificatePem()).isEqualTo(rotated.certificatePem());
    assertThat(Files.readString(certDir.resolve("tls.crt"))).isEqualTo(rotated.certificatePem());
  }

  @Test
  void aReplicaThatLosesTheCreateRaceAdoptsTheWinnersSecret() throws Exception {
    // Given
    rotator(certDir).reconcileOnce();
    var winner = secret();
    server
        .expect()
        .get()
        .withPath(secretPath())
        .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build())
        .once();

    // When
    var outcome = rotator(otherReplicaCertDir).reconcileOnce();

    // Then
    assertThat(outcome.secretWritten()).isFalse();
    assertThat(secret().getMetadata().getResourceVersion())
        .isEqualTo(winner.getMetadata().getResourceVersion());
    assertThat(new CertificateFiles(otherReplicaCertDir).read())
        .contains(StoredCertificates.fromSecretData(winner.getData()).servingFiles());
  }

  @Test
  void aReplicaThatLosesTheRenewalRaceAdoptsTheWinnersRenewal() throws Exception {
    // Given
    var winner = rotator(certDir);
    winner.reconcileOnce();
    var stale = secret();
    clock.set(LEAF_RENEWAL);
    winner.reconcileOnce();
    var renewed = secret();
    server.expect().get().withPath(secretPath()).andReturn(200, stale).once();

    // When
    var outcome = rotator(otherReplicaCertDir).reconcileOnce();

    // Then
    assertThat(outcome.secretWritten()).isFalse();
    assertThat(secret().getMetadata().getResourceVersion())
        .isEqualTo(renewed.getMetadata().getResourceVersion());
    assertThat(new CertificateFiles(otherReplicaCertDir).read())
        .contains(StoredCertificates.fromSecretData(renewed.getData()).servingFiles());
  }

  @Test
  void injectsTheCaBundleIntoAConfigurationInstalledLater() throws Exception {
    // Given
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(VALIDATING)
        .delete();
    var rotator = rotator(certDir);
    var withoutValidating = rotator.reconcileOnce();
    createValidatingConfiguration();

    // When
    var outcome = rotator.reconcileOnce();

    // Then
    assertThat(withoutValidating.patchedConfigurations())
        .containsExactly("MutatingWebhookConfiguration/" + MUTATING);
    assertThat(outcome.secretWritten()).isFalse();
    assertThat(outcome.filesWritten()).isFalse();
    assertThat(outcome.patchedConfigurations())
        .containsExactly("ValidatingWebhookConfiguration/" + VALIDATING);
    assertThat(caBundles())
        .hasSize(3)
        .allSatisfy(b -> assertThat(b).isEqualTo(stored().caCertificatesPem()));
  }

  @Test
  void pointsTheCrdsConversionWebhookAtThisServiceWithTheCaBundle() throws Exception {
    // Given: a CRD as the chart's crds/ installs it (the chart's default Service, no CA)
    String crd = "powerprofiles.power.intel.com";
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: powerprofiles.power.intel.com}
                spec:
                  group: power.intel.com
                  names: {kind: PowerProfile, plural: powerprofiles}
                  scope: Namespaced
                  conversion:
                    strategy: Webhook
                    webhook:
                      conversionReviewVersions: [v1]
                      clientConfig:
                        service: {name: power-manager, namespace: power-manager, path: /convert, port: 443}
                  versions:
                  - {name: v1, served: true, storage: true}
                """,
                io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class))
        .create();
    var rotator =
        new WebhookCertificateRotator(
            client,
            new WebhookCertificateConfig(
                NAMESPACE,
                SECRET,
                SERVICE,
                WebhookCertificateConfig.WebhookConfigurations.of(MUTATING, VALIDATING)
                    .withConversionCrds(List.of(crd)),
                certDir,
                POLICY),
            clock,
            new SecureRandom());

    // When
    var first = rotator.reconcileOnce();
    var second = rotator.reconcileOnce();

    // Then
    var clientConfig =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd)
            .get()
            .getSpec()
            .getConversion()
            .getWebhook()
            .getClientConfig();
    assertThat(
            new String(
                Base64.getDecoder().decode(clientConfig.getCaBundle()), StandardCharsets.US_ASCII))
        .isEqualTo(stored().caCertificatesPem());
    assertThat(clientConfig.getService().getName()).isEqualTo(SERVICE);
    assertThat(clientConfig.getService().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(clientConfig.getService().getPath()).isEqualTo("/convert");
    assertThat(first.patchedConfigurations()).contains("CustomResourceDefinition/" + crd);
    assertThat(second.patchedConfigurations()).isEmpty();
  }

  @Test
  void pointsTheCrdsAtTheConversionServiceItServesAndCertifiesItsNames() throws Exception {
    // Given: the chart's own conversion Service (it publishes not-ready addresses)
    String crd = "powerprofiles.power.intel.com";
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            CrdConversionPatcherIT.crd(crd, "{name: power-manager, namespace: power-manager}"))
        .create();
    var service = new ConversionService(NAMESPACE, "power-webhook-conversion", "/convert", 8443);
    var rotator =
        new WebhookCertificateRotator(
            client,
            new WebhookCertificateConfig(
                NAMESPACE,
                SECRET,
                SERVICE,
                WebhookCertificateConfig.WebhookConfigurations.of(MUTATING, VALIDATING)
                    .withConversionCrds(List.of(crd))
                    .withConversionService(service),
                certDir,
                POLICY),
            clock,
            new SecureRandom());

    // When
    rotator.reconcileOnce();

    // Then
    var ref =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd)
            .get()
            .getSpec()
            .getConversion()
            .getWebhook()
            .getClientConfig()
            .getService();
    assertThat(ref.getName()).isEqualTo("power-webhook-conversion");
    assertThat(ref.getNamespace()).isEqualTo(NAMESPACE);
    assertThat(ref.getPath()).isEqualTo("/convert");
    assertThat(ref.getPort()).isEqualTo(8443);
    var leaf = Pem.certificate(Files.readString(certDir.resolve("tls.crt")));
    assertThat(dnsNames(leaf))
        .contains("power-webhook.power.svc", "power-webhook-conversion.power.svc");
  }

  private WebhookCertificateRotator rotator(Path directory) {
    return new WebhookCertificateRotator(
        client,
        new WebhookCertificateConfig(
            NAMESPACE,
            SECRET,
            SERVICE,
            WebhookCertificateConfig.WebhookConfigurations.of(MUTATING, VALIDATING),
            directory,
            POLICY),
        clock,
        new SecureRandom());
  }

  private void createValidatingConfiguration() {
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(VALIDATING)
                .endMetadata()
                .withWebhooks(validatingWebhook("vpod.power.intel.com"))
                .build())
        .create();
  }

  private static MutatingWebhook mutatingWebhook(String name, String caBundle) {
    return new MutatingWebhookBuilder()
        .withName(name)
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withCaBundle(caBundle)
        .withNewService()
        .withNamespace(NAMESPACE)
        .withName(SERVICE)
        .withPath("/mutate")
        .withPort(443)
        .endService()
        .endClientConfig()
        .build();
  }

  private static ValidatingWebhook validatingWebhook(String name) {
    return new ValidatingWebhookBuilder()
        .withName(name)
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withNewService()
        .withNamespace(NAMESPACE)
        .withName(SERVICE)
        .withPath("/validate")
        .withPort(443)
        .endService()
        .endClientConfig()
        .build();
  }

  private Secret secret() {
    return client.secrets().inNamespace(NAMESPACE).withName(SECRET).get();
  }

  private StoredCertificates stored() {
    return StoredCertificates.fromSecretData(secret().getData());
  }

  private static String secretPath() {
    return "/api/v1/namespaces/" + NAMESPACE + "/secrets/" + SECRET;
  }

  /** The decoded caBundle of every webhook of both configurations. */
  private List<String> caBundles() {
    var v1 = client.admissionRegistration().v1();
    var mutating =
        v1.mutatingWebhookConfigurations().withName(MUTATING).get().getWebhooks().stream()
            .map(w -> w.getClientConfig().getCaBundle());
    var validating =
        v1.validatingWebhookConfigurations().withName(VALIDATING).get().getWebhooks().stream()
            .map(w -> w.getClientConfig().getCaBundle());
    return Stream.concat(mutating, validating)
        .map(b -> new String(Base64.getDecoder().decode(b), StandardCharsets.US_ASCII))
        .toList();
  }

  private List<String> resourceVersions() {
    var v1 = client.admissionRegistration().v1();
    return List.of(
        secret().getMetadata().getResourceVersion(),
        v1.mutatingWebhookConfigurations()
            .withName(MUTATING)
            .get()
            .getMetadata()
            .getResourceVersion(),
        v1.validatingWebhookConfigurations()
            .withName(VALIDATING)
            .get()
            .getMetadata()
            .getResourceVersion());
  }

  private List<Object> fileTimes() throws Exception {
    return List.of(
        Files.getLastModifiedTime(certDir.resolve("ca.crt")),
        Files.getLastModifiedTime(certDir.resolve("tls.crt")),
        Files.getLastModifiedTime(certDir.resolve("tls.key")),
        Files.getAttribute(certDir.resolve("tls.crt"), "unix:ino"));
  }

  private static List<String> dnsNames(X509Certificate certificate) {
    return CertificateAuthority.subjectAlternativeNames(certificate, 2);
  }
}
