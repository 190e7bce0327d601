package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.rules.StaticCatalog;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: the same rules in both versions, read from the AdmissionReview JSON the API server
 * sends (the object in the version of {@code request.kind}); the rules that differ by version key
 * on it.
 */
class AdmissionVersionsTest {

  /**
   * Three nodes labelled {@code appqos=true}: node-1 and node-2 {@code rack=a}, node-3 {@code
   * rack=b} with shared workload shared-rack-b.
   */
  private static final AdmissionService SERVICE =
      new AdmissionService(
          StaticCatalog.builder()
              .profile(Fixtures.domainProfile("shared", 1000L, 1500L, "power"))
              .profile(Fixtures.domainProfile("performance", null, null, "performance"))
              .node("node-1", Map.of("appqos", "true", "rack", "a"))
              .node("node-2", Map.of("appqos", "true", "rack", "a"))
              .node("node-3", Map.of("appqos", "true", "rack", "b"))
              .sharedWorkload("node-3", "shared-rack-b")
              .powerNodeMaximum(Frequency.ofMhz(3800))
              .build(),
          AdmissionSettings.of(Fixtures.POWER_NS));

  private static String review(String operation, String version, String kind, String object) {
    return """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"u-1","kind":{"group":"power.intel.com","version":"%s","kind":"%s"},
          "namespace":"power","operation":"%s","object":%s}}"""
        .formatted(version, kind, operation, object);
  }

  private static String workload(String version, String name, String selector, String reserved) {
    return """
        {"apiVersion":"power.intel.com/%s","kind":"PowerWorkload",
         "metadata":{"name":"%s","namespace":"power"},
         "spec":{"name":"%s","allCores":true,"powerNodeSelector":%s,"powerProfile":"shared"%s}}"""
        .formatted(version, name, name, selector, reserved);
  }

  private static String profile(String version, String name, String epp, String shared) {
    return """
        {"apiVersion":"power.intel.com/%s","kind":"PowerProfile",
         "metadata":{"name":"%s","namespace":"power"},
         "spec":{"name":"%s","max":1500,"min":1000%s%s}}"""
        .formatted(
            version,
            name,
            name,
            epp == null ? "" : ",\"epp\":\"" + epp + "\"",
            shared == null ? "" : ",\"shared\":" + shared);
  }

  static Stream<Arguments> table() {
    String rackB = "{\"rack\":\"b\"}";
    String appqos = "{\"appqos\":\"true\"}";
    String epp =
        "spec.epp: epp is required in power.intel.com/v1alpha1; use one of performance,"
            + " balance_performance, balance_power, power (in power.intel.com/v1 it may be left"
            + " out to keep the CPUs' EPP)";
    return Stream.of(
        argumentSet(
            "v1: Intel's shared workload, no shared- prefix, reservedCPUs groups",
            review(
                "CREATE",
                "v1",
                "PowerWorkload",
                workload(
                    "v1",
                    "shared-workload",
                    "{\"rack\":\"a\"}",
                    ",\"reservedCPUs\":[{\"cores\":[0,1]},{\"cores\":[2],\"powerProfile\":"
                        + "\"performance\"}]")),
            null),
        argumentSet(
            "v1: a shared workload selecting 2 free nodes, named freely",
            review(
                "CREATE",
                "v1",
                "PowerWorkload",
                workload("v1", "appqos-nodes", "{\"rack\":\"a\"}", "")),
            null),
        argumentSet(
            "v1: a second shared workload on one of 3 nodes is denied, naming both",
            review("CREATE", "v1", "PowerWorkload", workload("v1", "appqos-nodes", appqos, "")),
            "spec.powerNodeSelector: {appqos=true} selects node \"node-3\", already selected by"
                + " shared workload \"shared-rack-b\"; a node has at most one shared workload, so"
                + " \"appqos-nodes\" and \"shared-rack-b\" cannot both select it"),
        argumentSet(
            "v1alpha1: the same, denied for the same reason and the prefix",
            review(
                "CREATE", "v1alpha1", "PowerWorkload", workload("v1alpha1", "appqos", rackB, "")),
            "metadata.name: \"appqos\" has allCores: true, which makes it a node's shared"
                + " workload; its name must start with \"shared-\"; spec.powerNodeSelector:"
                + " {rack=b} selects node \"node-3\", already selected by shared workload"
                + " \"shared-rack-b\"; a node has at most one shared workload, so \"appqos\" and"
                + " \"shared-rack-b\" cannot both select it"),
        argumentSet(
            "v1: a reserved group's profile must be an exclusive one",
            review(
                "CREATE",
                "v1",
                "PowerWorkload",
                workload(
                    "v1",
                    "w",
                    "{\"rack\":\"a\"}",
                    ",\"reservedCPUs\":[{\"cores\":[0],\"powerProfile\":\"shared\"}]")),
            "spec.reservedCPUGroups[0].powerProfile: power profile \"shared\" is a shared profile;"
                + " reserved CPUs run an exclusive one (e.g. performance)"),
        argumentSet(
            "v1: a profile without epp",
            review("CREATE", "v1", "PowerProfile", profile("v1", "eco", null, null)),
            null),
        argumentSet(
            "v1: a profile with epp \"\"",
            review("CREATE", "v1", "PowerProfile", profile("v1", "eco", "", null)),
            null),
        argumentSet(
            "v1: a shared profile by its flag",
            review("CREATE", "v1", "PowerProfile", profile("v1", "shared2", "", "true")),
            null),
        argumentSet(
            "v1alpha1: create without epp is denied",
            review("CREATE", "v1alpha1", "PowerProfile", profile("v1alpha1", "eco", null, null)),
            epp),
        argumentSet(
            "v1alpha1: create with epp \"\" is denied",
            review("CREATE", "v1alpha1", "PowerProfile", profile("v1alpha1", "eco", "", null)),
            epp),
        argumentSet(
            "v1alpha1: update of a profile written in v1 without epp",
            review("UPDATE", "v1alpha1", "PowerProfile", profile("v1alpha1", "eco", null, null)),
            null));
  }

  @ParameterizedTest
  @MethodSource("table")
  void decides(String body, String denial) {
    ReviewRequest request =
        ((AdmissionCodec.Readable) new AdmissionCodec().decode(Json.MAPPER.readTree(body)))
            .request();

    AdmissionResponse response = SERVICE.validate(request);

    if (denial == null) {
      assertThat(response.getAllowed()).as(String.valueOf(response.getStatus())).isTrue();
    } else {
      assertThat(response.getAllowed()).isFalse();
      assertThat(response.getStatus().getMessage()).isEqualTo(denial);
    }
  }
}
