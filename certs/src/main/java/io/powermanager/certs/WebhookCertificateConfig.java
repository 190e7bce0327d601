package io.powermanager.certs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the webhook's certificates live in the cluster and on disk.
 *
 * @param namespace namespace of the Secret and the Service
 * @param secretName the Secret holding {@code ca.crt}, {@code ca.key}, {@code tls.crt}, {@code
 *     tls.key}
 * @param serviceName the webhook Service; the serving certificate is for its names ({@link
 *     ServiceNames#sans})
 * @param webhookConfigurations the Mutating- and ValidatingWebhookConfigurations whose every
 *     webhook gets the {@code caBundle}
 * @param certDir where the serving replica reads {@code ca.crt}, {@code tls.crt}, {@code tls.key}
 * @param policy validity and renewal times
 */
public record WebhookCertificateConfig(
    String namespace,
    String secretName,
    String serviceName,
    WebhookConfigurations webhookConfigurations,
    Path certDir,
    RenewalPolicy policy) {

  public WebhookCertificateConfig {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(secretName, "secretName");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(webhookConfigurations, "webhookConfigurations");
    Objects.requireNonNull(certDir, "certDir");
    Objects.requireNonNull(policy, "policy");
    ServiceNames.sans(serviceName, namespace); // validates both names
  }

  /** Where the CRDs' conversion webhook points: the configured one, else the webhook Service. */
  public ConversionService conversionService() {
    return webhookConfigurations
        .conversionService()
        .orElseGet(() -> new ConversionService(namespace, serviceName, "/convert", 443));
  }

  /**
   * Names of the webhook configurations to inject the CA bundle into; an empty list skips that
   * kind. {@code conversionCrds}: CustomResourceDefinitions whose conversion webhook ({@code
   * spec.conversion.webhook.clientConfig}) gets the CA bundle and {@code conversionService} (when
   * empty: the webhook Service on port 443 at {@code /convert}); the serving certificate is valid
   * for that Service's names too.
   */
  public record WebhookConfigurations(
      List<String> mutating,
      List<String> validating,
      List<String> conversionCrds,
      java.util.Optional<ConversionService> conversionService) {
    public WebhookConfigurations {
      mutating = List.copyOf(mutating);
      validating = List.copyOf(validating);
      conversionCrds = List.copyOf(conversionCrds);
      Objects.requireNonNull(conversionService, "conversionService");
    }

    public WebhookConfigurations(
        List<String> mutating, List<String> validating, List<String> conversionCrds) {
      this(mutating, validating, conversionCrds, java.util.Optional.empty());
    }

    public WebhookConfigurations(List<String> mutating, List<String> validating) {
      this(mutating, validating, List.of());
    }

    /** One MutatingWebhookConfiguration and one ValidatingWebhookConfiguration. */
    public static WebhookConfigurations of(String mutating, String validating) {
      return new WebhookConfigurations(List.of(mutating), List.of(validating));
    }

    /** These, plus the CRDs whose conversion webhook is this Service. */
    public WebhookConfigurations withConversionCrds(List<String> crds) {
      return new WebhookConfigurations(mutating, validating, crds, conversionService);
    }

    /** These, with the CRDs' conversion webhook at {@code service}. */
    public WebhookConfigurations withConversionService(ConversionService service) {
      return new WebhookConfigurations(
          mutating, validating, conversionCrds, java.util.Optional.of(service));
    }
  }
}
