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

  /**
   * Names of the webhook configurations to inject the CA bundle into; an empty list skips that
   * kind. {@code conversionCrds}: CustomResourceDefinitions whose conversion webhook ({@code
   * spec.conversion.webhook.clientConfig}) gets the CA bundle and the Service's name and namespace.
   */
  public record WebhookConfigurations(
      List<String> mutating, List<String> validating, List<String> conversionCrds) {
    public WebhookConfigurations {
      mutating = List.copyOf(mutating);
      validating = List.copyOf(validating);
      conversionCrds = List.copyOf(conversionCrds);
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
      return new WebhookConfigurations(mutating, validating, crds);
    }
  }
}
