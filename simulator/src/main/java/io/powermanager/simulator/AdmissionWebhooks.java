package io.powermanager.simulator;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.powermanager.api.PowerApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The two webhook configurations the simulator registers, shaped like the chart's ({@code
 * charts/power-manager/templates/webhooks.yaml}) but calling the in-process manager by URL with the
 * simulator's CA in {@code caBundle}: pods (CREATE; and UPDATE of {@code pods/resize} when
 * validating) outside {@code kube-system}, the power objects on CREATE and UPDATE, and the delete
 * guard of PowerProfiles. {@code failurePolicy: Fail}, {@code timeoutSeconds: 5}. Unlike the chart,
 * the power namespace is not excluded from the pod webhooks: here it is {@code default}, where the
 * seed's pods go. Pure.
 */
public final class AdmissionWebhooks {

  /** Both configurations' name. */
  public static final String NAME = "power-manager";

  public static final String POD_MUTATE = "pod.mutate.power.intel.com";
  public static final String PROFILE_MUTATE = "profile.mutate.power.intel.com";
  public static final String POD_VALIDATE = "pod.validate.power.intel.com";
  public static final String OBJECTS_VALIDATE = "objects.validate.power.intel.com";

  private static final int TIMEOUT_SECONDS = 5;
  private static final List<String> POWER_KINDS =
      List.of("powerconfigs", "powerprofiles", "powerworkloads", "powernodes");

  /**
   * The seed kinds are reviewed in the version they are sent in: the rules that differ by version
   * key on it.
   */
  private static final List<String> SEED_VERSIONS =
      List.of(PowerApi.VERSION, PowerApi.STORAGE_VERSION);

  private AdmissionWebhooks() {}

  /**
   * @param baseUrl the manager's HTTPS server, {@code https://127.0.0.1:<port>}
   * @param caPem the CA that signed its certificate
   */
  public static MutatingWebhookConfiguration mutating(String baseUrl, String caPem) {
    MutatingWebhook pods =
        new MutatingWebhookBuilder()
            .withName(POD_MUTATE)
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withTimeoutSeconds(TIMEOUT_SECONDS)
            .withFailurePolicy("Fail")
            .withMatchPolicy("Equivalent")
            .withReinvocationPolicy("IfNeeded")
            .withClientConfig(clientConfig(baseUrl + "/mutate", caPem))
            .withRules(rule(List.of("CREATE"), "", "v1", List.of("pods")))
            .withNamespaceSelector(notKubeSystem())
            .build();
    MutatingWebhook profiles =
        new MutatingWebhookBuilder()
            .withName(PROFILE_MUTATE)
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withTimeoutSeconds(TIMEOUT_SECONDS)
            .withFailurePolicy("Fail")
            .withMatchPolicy("Equivalent")
            .withReinvocationPolicy("Never")
            .withClientConfig(clientConfig(baseUrl + "/mutate", caPem))
            .withRules(
                rule(
                    List.of("CREATE", "UPDATE"),
                    PowerApi.GROUP,
                    SEED_VERSIONS,
                    List.of("powerprofiles")))
            .build();
    return new MutatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(NAME)
        .endMetadata()
        .withWebhooks(pods, profiles)
        .build();
  }

  /** The validating configuration; see {@link #mutating}. */
  public static ValidatingWebhookConfiguration validating(String baseUrl, String caPem) {
    ValidatingWebhook pods =
        new ValidatingWebhookBuilder()
            .withName(POD_VALIDATE)
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withTimeoutSeconds(TIMEOUT_SECONDS)
            .withFailurePolicy("Fail")
            .withMatchPolicy("Equivalent")
            .withClientConfig(clientConfig(baseUrl + "/validate", caPem))
            .withRules(
                rule(List.of("CREATE"), "", "v1", List.of("pods")),
                rule(List.of("UPDATE"), "", "v1", List.of("pods/resize")))
            .withNamespaceSelector(notKubeSystem())
            .build();
    ValidatingWebhook objects =
        new ValidatingWebhookBuilder()
            .withName(OBJECTS_VALIDATE)
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withTimeoutSeconds(TIMEOUT_SECONDS)
            .withFailurePolicy("Fail")
            .withMatchPolicy("Equivalent")
            .withClientConfig(clientConfig(baseUrl + "/validate", caPem))
            .withRules(
                rule(List.of("CREATE", "UPDATE"), PowerApi.GROUP, SEED_VERSIONS, POWER_KINDS),
                rule(List.of("DELETE"), PowerApi.GROUP, SEED_VERSIONS, List.of("powerprofiles")),
                rule(List.of("CREATE", "UPDATE"), PowerApi.GROUP, "v1alpha1", ONE_SCHEMA_KINDS),
                rule(List.of("CREATE", "UPDATE"), PowerApi.GROUP, "v1", ONE_SCHEMA_KINDS))
            .build();
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(NAME)
        .endMetadata()
        .withWebhooks(pods, objects)
        .build();
  }

  /** The kinds served with one schema at v1alpha1 and v1 (as the chart's webhook rules list). */
  static final List<String> ONE_SCHEMA_KINDS =
      List.of("uncores", "cstates", "powerschedules", "timeofdays");

  private static WebhookClientConfig clientConfig(String url, String caPem) {
    return new WebhookClientConfigBuilder()
        .withUrl(url)
        .withCaBundle(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
        .build();
  }

  private static RuleWithOperations rule(
      List<String> operations, String group, String version, List<String> resources) {
    return rule(operations, group, List.of(version), resources);
  }

  private static RuleWithOperations rule(
      List<String> operations, String group, List<String> versions, List<String> resources) {
    return new RuleWithOperationsBuilder()
        .withOperations(operations)
        .withApiGroups(group)
        .withApiVersions(versions)
        .withResources(resources)
        .withScope("Namespaced")
        .build();
  }

  private static io.fabric8.kubernetes.api.model.LabelSelector notKubeSystem() {
    return new LabelSelectorBuilder()
        .withMatchExpressions(
            new LabelSelectorRequirementBuilder()
                .withKey("kubernetes.io/metadata.name")
                .withOperator("NotIn")
                .withValues("kube-system")
                .build())
        .build();
  }
}
