package io.powermanager.certs;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the conversion webhook of the named CRDs ({@code spec.conversion.strategy: Webhook}) at
 * the {@link ConversionService} the manager serves, with how the API server learns the CA: either
 * the {@code caBundle} itself (self-managed certificates), or cert-manager's {@value
 * #INJECT_CA_FROM} annotation, in which case {@code caBundle} is cert-manager's CA injector's to
 * write and is never touched here. A CRD whose webhook is called by {@code url} (the simulator, a
 * hand-made setup) keeps its URL; only the CA part is set. The chart's {@code crds/} are not
 * templated, so they name a default Service and carry no CA until this runs. Each CRD is edited
 * only when something differs (a converged cluster sees no write); a CRD that is absent or converts
 * with strategy None is left alone. Needs {@code get} and {@code patch} on the named CRDs only.
 */
public final class CrdConversionPatcher {

  /** cert-manager's CA injector copies the named Certificate's CA into every caBundle. */
  public static final String INJECT_CA_FROM = "cert-manager.io/inject-ca-from";

  private static final Logger LOGGER = LoggerFactory.getLogger(CrdConversionPatcher.class);

  private final KubernetesClient client;
  private final ConversionService service;
  private final List<String> crds;

  public CrdConversionPatcher(
      KubernetesClient client, ConversionService service, List<String> crds) {
    this.client = Objects.requireNonNull(client, "client");
    this.service = Objects.requireNonNull(service, "service");
    this.crds = List.copyOf(crds);
  }

  /**
   * Sets {@code clientConfig.service} and {@code caBundle} (base64 PEM) on every CRD.
   *
   * @return {@code CustomResourceDefinition/<name>} of each CRD written
   */
  public List<String> injectCaBundle(String caBundle) {
    Objects.requireNonNull(caBundle, "caBundle");
    return patchAll(Optional.of(caBundle), Optional.empty());
  }

  /**
   * Sets {@code clientConfig.service} and the {@value #INJECT_CA_FROM} annotation ({@code
   * <namespace>/<Certificate>}) on every CRD; {@code caBundle} stays as cert-manager wrote it.
   *
   * @return {@code CustomResourceDefinition/<name>} of each CRD written
   */
  public List<String> injectCaFrom(String certificate) {
    if (certificate == null || !certificate.matches("[^/\\s]+/[^/\\s]+")) {
      throw new IllegalArgumentException(
          "inject-ca-from '" + certificate + "' must be <namespace>/<certificate>");
    }
    return patchAll(Optional.empty(), Optional.of(certificate));
  }

  private List<String> patchAll(Optional<String> caBundle, Optional<String> injectFrom) {
    var patched = new ArrayList<String>();
    for (var name : crds) {
      var resource = client.apiextensions().v1().customResourceDefinitions().withName(name);
      var current = resource.get();
      String id = "CustomResourceDefinition/" + name;
      if (current == null) {
        LOGGER
            .atWarn()
            .addKeyValue(LogKeys.WEBHOOK_CONFIGURATION, id)
            .log("CRD not found; its conversion webhook is set once it exists");
        continue;
      }
      if (!converts(current) || current(current, caBundle, injectFrom)) {
        continue;
      }
      resource.edit(
          latest -> {
            if (converts(latest)) {
              apply(latest, caBundle, injectFrom);
            }
            return latest;
          });
      LOGGER
          .atInfo()
          .addKeyValue(LogKeys.WEBHOOK_CONFIGURATION, id)
          .addKeyValue("service", service.namespace() + "/" + service.name())
          .log(
              caBundle.isPresent()
                  ? "CRD conversion webhook service and caBundle updated"
                  : "CRD conversion webhook service and inject-ca-from updated");
      patched.add(id);
    }
    return patched;
  }

  private static boolean converts(CustomResourceDefinition crd) {
    var conversion = crd.getSpec() == null ? null : crd.getSpec().getConversion();
    return conversion != null
        && "Webhook".equals(conversion.getStrategy())
        && conversion.getWebhook() != null;
  }

  private boolean current(
      CustomResourceDefinition crd, Optional<String> caBundle, Optional<String> injectFrom) {
    var clientConfig = crd.getSpec().getConversion().getWebhook().getClientConfig();
    if (clientConfig == null) {
      return false;
    }
    var ref = clientConfig.getService();
    boolean serviceCurrent =
        clientConfig.getUrl() != null
            || ref != null
                && service.name().equals(ref.getName())
                && service.namespace().equals(ref.getNamespace())
                && service.path().equals(ref.getPath())
                && Integer.valueOf(service.port()).equals(ref.getPort());
    boolean caCurrent =
        caBundle.map(ca -> ca.equals(clientConfig.getCaBundle())).orElse(true)
            && injectFrom
                .map(
                    from ->
                        from.equals(
                            crd.getMetadata().getAnnotations() == null
                                ? null
                                : crd.getMetadata().getAnnotations().get(INJECT_CA_FROM)))
                .orElse(true);
    return serviceCurrent && caCurrent;
  }

  private void apply(
      CustomResourceDefinition crd, Optional<String> caBundle, Optional<String> injectFrom) {
    var webhook = crd.getSpec().getConversion().getWebhook();
    var clientConfig = webhook.getClientConfig();
    if (clientConfig == null) {
      clientConfig = new WebhookClientConfig();
      webhook.setClientConfig(clientConfig);
    }
    if (clientConfig.getUrl() == null) {
      var ref = new ServiceReference();
      ref.setName(service.name());
      ref.setNamespace(service.namespace());
      ref.setPath(service.path());
      ref.setPort(service.port());
      clientConfig.setService(ref);
    }
    caBundle.ifPresent(clientConfig::setCaBundle);
    injectFrom.ifPresent(
        from -> {
          if (crd.getMetadata().getAnnotations() == null) {
            crd.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
          }
          crd.getMetadata().getAnnotations().put(INJECT_CA_FROM, from);
        });
  }
}
