package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class AdmissionRulesTest {
  private static final ResourceType PODS = ResourceCatalog.builtIn("", "v1", "pods");
  private static final ResourceType NODES = ResourceCatalog.builtIn("", "v1", "nodes");

  @ParameterizedTest(name = "{0} {1}/{2} against {3} -> {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CREATE|pods|''|[\"pods\"]|true",
        "CREATE|pods|status|[\"pods\"]|false",
        "UPDATE|pods|status|[\"pods/status\"]|true",
        "UPDATE|pods|status|[\"pods/*\"]|true",
        "UPDATE|pods|''|[\"pods/*\"]|false",
        "UPDATE|pods|status|[\"*/*\"]|true",
        "CREATE|pods|''|[\"*\"]|true",
        "DELETE|pods|''|[\"pods\"]|false",
        "CREATE|nodes|''|[\"nodes\"]|false"
      })
  void matchesOperationsResourcesSubresourcesAndScope(
      String operation, String plural, String sub, String resources, boolean expected) {
    // Given a rule for CREATE/UPDATE in the core group, namespaced scope
    JsonNode webhook =
        Json.parse(
            "{\"rules\":[{\"operations\":[\"CREATE\",\"UPDATE\"],\"apiGroups\":[\"\"],\"apiVersions\":[\"v1\"],"
                + "\"resources\":"
                + resources
                + ",\"scope\":\"Namespaced\"}]}");
    ResourceType type = plural.equals("pods") ? PODS : NODES;
    AdmissionAttributes request =
        new AdmissionAttributes(operation, type, sub, "default", "x", Json.object(), null, false);

    // When it is matched; Then:
    assertThat(WebhookMatcher.matches(webhook, request, ns -> Json.object())).isEqualTo(expected);
  }

  @Test
  void namespaceSelectorUsesTheNamespaceLabelsAndNeverExcludesClusterScopedObjects() {
    JsonNode webhook =
        Json.parse(
            "{\"rules\":[{\"operations\":[\"*\"],\"apiGroups\":[\"*\"],\"apiVersions\":[\"*\"],\"resources\":[\"*\"]}],"
                + "\"namespaceSelector\":{\"matchLabels\":{\"power\":\"on\"}}}");
    AdmissionAttributes inDefault =
        new AdmissionAttributes("CREATE", PODS, "", "default", "x", Json.object(), null, false);
    AdmissionAttributes node =
        new AdmissionAttributes("CREATE", NODES, "", "", "n", Json.object(), null, false);

    assertThat(WebhookMatcher.matches(webhook, inDefault, ns -> Json.object())).isFalse();
    assertThat(WebhookMatcher.matches(webhook, inDefault, ns -> Json.parse("{\"power\":\"on\"}")))
        .isTrue();
    assertThat(WebhookMatcher.matches(webhook, node, ns -> Json.object())).isTrue();
  }

  @Test
  void objectSelectorMatchesOldOrNewObject() {
    JsonNode webhook =
        Json.parse(
            "{\"rules\":[{\"operations\":[\"*\"],\"apiGroups\":[\"*\"],\"apiVersions\":[\"*\"],\"resources\":[\"*\"]}],"
                + "\"objectSelector\":{\"matchLabels\":{\"power\":\"on\"}}}");
    JsonNode labelled = Json.parse("{\"metadata\":{\"labels\":{\"power\":\"on\"}}}");
    AdmissionAttributes delete =
        new AdmissionAttributes("DELETE", PODS, "", "default", "x", null, labelled, false);
    AdmissionAttributes unlabelled =
        new AdmissionAttributes("CREATE", PODS, "", "default", "x", Json.object(), null, false);

    assertThat(WebhookMatcher.matches(webhook, delete, ns -> Json.object())).isTrue();
    assertThat(WebhookMatcher.matches(webhook, unlabelled, ns -> Json.object())).isFalse();
  }

  @Test
  void verifiesTheResponseEnvelopeUidAndPatchRules() throws Exception {
    JsonNode good =
        Json.parse(
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"u\",\"allowed\":true}}");
    JsonNode patchWithoutType =
        Json.parse(
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"u\",\"allowed\":true,\"patch\":\"W10=\"}}");
    JsonNode validatingPatch =
        Json.parse(
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"u\",\"allowed\":true,\"patch\":\"W10=\",\"patchType\":\"JSONPatch\"}}");
    JsonNode v1beta1 =
        Json.parse(
            "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"u\",\"allowed\":true}}");

    assertThat(AdmissionController.verify(good, "u", true).path("allowed").asBoolean()).isTrue();
    assertThatThrownBy(() -> AdmissionController.verify(good, "other", false))
        .hasMessage("expected response.uid=\"other\", got \"u\"");
    assertThatThrownBy(() -> AdmissionController.verify(patchWithoutType, "u", true))
        .hasMessage("webhook returned response.patch but not response.patchType");
    assertThatThrownBy(() -> AdmissionController.verify(validatingPatch, "u", false))
        .hasMessage("validating webhook may not return response.patch");
    assertThatThrownBy(() -> AdmissionController.verify(v1beta1, "u", true))
        .hasMessageStartingWith(
            "expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview");
  }

  @ParameterizedTest(name = "status {0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"code\":403,\"reason\":\"Forbidden\",\"message\":\"no\"}|403|admission webhook \"w.example.com\" denied the request: no",
        "{\"code\":200,\"message\":\"no\"}|400|admission webhook \"w.example.com\" denied the request: no",
        "{\"reason\":\"Invalid\"}|400|admission webhook \"w.example.com\" denied the request: Invalid",
        "{}|400|admission webhook \"w.example.com\" denied the request without explanation"
      })
  void denialsBecomeStatusErrors(String status, int code, String message) {
    ApiException denial = AdmissionController.denial("w.example.com", Json.parse(status));

    assertThat(denial.code()).isEqualTo(code);
    assertThat(denial.status().path("message").asString()).isEqualTo(message);
    assertThat(denial.status().path("status").asString()).isEqualTo("Failure");
  }

  @Test
  void webhookConfigurationsAreReadAgainOnlyAfterTheyAreWritten() {
    // Given a cache over a store that counts its reads
    java.util.concurrent.atomic.AtomicInteger reads =
        new java.util.concurrent.atomic.AtomicInteger();
    WebhookConfigurations configurations =
        new WebhookConfigurations(
            plural -> {
              reads.incrementAndGet();
              return java.util.List.of();
            });

    // When configurations are read around writes of pods and of webhook configurations
    configurations.get("validatingwebhookconfigurations");
    configurations.get("validatingwebhookconfigurations");
    configurations.written(PODS);
    configurations.get("validatingwebhookconfigurations");
    configurations.written(
        ResourceCatalog.builtIn(
            "admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations"));
    configurations.get("validatingwebhookconfigurations");

    // Then the store is read once at first and once after the configuration write
    assertThat(reads).hasValue(2);
  }

  @Test
  void faultsAnswerOnceForTheMatchingRequestOnly() {
    FaultInjector faults = new FaultInjector();
    faults.failNext("update", "pods", "a", 409);
    RequestLog.Entry other = new RequestLog.Entry("update", "", "pods", "default", "b");
    RequestLog.Entry target = new RequestLog.Entry("update", "", "pods", "default", "a");

    assertThat(faults.take(other, PODS)).isNull();
    assertThat(faults.take(target, PODS).status().path("reason").asString()).isEqualTo("Conflict");
    assertThat(faults.take(target, PODS)).isNull();
    assertThatThrownBy(() -> faults.failNext("get", "pods", 200))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
