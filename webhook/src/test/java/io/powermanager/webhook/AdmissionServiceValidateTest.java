package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;
import static io.powermanager.webhook.Fixtures.config;
import static io.powermanager.webhook.Fixtures.container;
import static io.powermanager.webhook.Fixtures.pod;
import static io.powermanager.webhook.Fixtures.powerNode;
import static io.powermanager.webhook.Fixtures.profile;
import static io.powermanager.webhook.Fixtures.profileText;
import static io.powermanager.webhook.Fixtures.request;
import static io.powermanager.webhook.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.api.v1alpha1.PowerProfile;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: one admission request in, the validating webhook's verdict out. */
class AdmissionServiceValidateTest {

  private final AdmissionService service = Fixtures.service();

  /** An expected verdict: allowed, or denied with exactly {@code message}; plus any warning. */
  record Verdict(boolean allowed, String message, String warning) {
    static Verdict allow() {
      return new Verdict(true, null, null);
    }

    static Verdict allowWithWarning(String warning) {
      return new Verdict(true, null, warning);
    }

    static Verdict deny(String message) {
      return new Verdict(false, message, null);
    }
  }

  static Stream<Arguments> pods() {
    return Stream.of(
        Arguments.of(
            "allowsTheSeedsExamplePod",
            request("CREATE", pod(container("app", "2", "200Mi", "performance", "2"))),
            Verdict.allow()),
        Arguments.of(
            "allowsPodRequestingNoProfile",
            request("CREATE", pod(container("app", "500m", null))),
            Verdict.allow()),
        Arguments.of(
            "allowsPodRequestingAnExtendedProfileByName",
            request("CREATE", pod(container("app", "1", "1Gi", "balance-power", "1"))),
            Verdict.allow()),
        Arguments.of(
            "deniesProfileCountThatDiffersFromCpus",
            request("CREATE", pod(container("app", "2", "1Gi", "performance", "1"))),
            Verdict.deny(
                "spec.containers[0] \"app\": 2 CPUs requested but power.intel.com/performance"
                    + " is 1; they must be equal")),
        Arguments.of(
            "deniesPodRequestingUnknownProfile",
            request("CREATE", pod(container("app", "2", "1Gi", "missing", "2"))),
            Verdict.deny("spec.containers[0] \"app\": power profile \"missing\" does not exist")),
        Arguments.of(
            "deniesFractionalCpu",
            request("CREATE", pod(container("app", "1500m", "1Gi", "performance", "2"))),
            Verdict.deny(
                "spec.containers[0] \"app\": cpu request 1500m is not a whole number of CPUs;"
                    + " power.intel.com/performance needs exclusive cores, which only integer"
                    + " CPU requests get")),
        Arguments.of(
            "deniesPodThatIsNotGuaranteed",
            request("CREATE", pod(notGuaranteed())),
            Verdict.deny(
                "spec.containers[0] \"app\": memory limit is missing; a pod that uses power"
                    + " profiles must be Guaranteed (cpu and memory requests equal to limits in"
                    + " every container)")),
        Arguments.of(
            "deniesTwoProfilesInOneContainer",
            request(
                "CREATE",
                pod(container("app", "2", "1Gi", "performance", "2", "balance-power", "2"))),
            Verdict.deny(
                "spec.containers[0] \"app\": requests 2 power profiles"
                    + " (power.intel.com/balance-power, power.intel.com/performance); a"
                    + " container may use only one")),
        Arguments.of(
            "deniesContainerRequestingTheSharedProfile",
            request("CREATE", pod(container("app", "2", "1Gi", "shared", "2"))),
            Verdict.deny(
                "spec.containers[0] \"app\": power profile \"shared\" is a shared profile and"
                    + " tunes the shared pool; containers cannot request it")),
        Arguments.of(
            "deniesEveryViolationInOneMessage",
            request(
                "CREATE",
                pod(
                    container("a", "2", "1Gi", "performance", "1"),
                    container("b", "2", "1Gi", "missing", "2"))),
            Verdict.deny(
                "spec.containers[0] \"a\": 2 CPUs requested but power.intel.com/performance is"
                    + " 1; they must be equal; spec.containers[1] \"b\": power profile"
                    + " \"missing\" does not exist")),
        Arguments.of(
            "warnsAboutProfilesInKubeSystem",
            request(
                "CREATE",
                pod("kube-system", "sys", container("app", "1", "1Gi", "performance", "1"))),
            Verdict.allowWithWarning(
                "pod in kube-system requests a power profile; system pods usually run on"
                    + " reserved CPUs, which are never tuned")),
        Arguments.of(
            "warnsWhenTheProfileExceedsEveryPowerNode",
            request("CREATE", pod(container("app", "1", "1Gi", "turbo", "1"))),
            Verdict.allowWithWarning(
                "power profile \"turbo\" max 5000 MHz exceeds the hardware of every power node"
                    + " (highest 3800 MHz); no node can tune it")),
        Arguments.of(
            "allowsPodUpdatesOtherThanResize",
            request(
                "UPDATE",
                pod(container("app", "3", "1Gi", "performance", "2")),
                pod(container("app", "2", "1Gi", "performance", "2")),
                null),
            Verdict.allow()),
        Arguments.of(
            "deniesResizeThatChangesTheCpusOfAPowerPod",
            request(
                "UPDATE",
                pod(container("app", "3", "1Gi", "performance", "2")),
                pod(container("app", "2", "1Gi", "performance", "2")),
                "resize"),
            Verdict.deny(
                "spec.containers[0] \"app\": 3 CPUs requested but power.intel.com/performance"
                    + " is 2; they must be equal")),
        Arguments.of(
            "allowsResizeThatKeepsTheCpusOfAPowerPod",
            request(
                "UPDATE",
                pod(container("app", "2", "2Gi", "performance", "2")),
                pod(container("app", "2", "1Gi", "performance", "2")),
                "resize"),
            Verdict.allow()),
        Arguments.of(
            "allowsResizeOfAPodWithoutProfiles",
            request(
                "UPDATE",
                pod(container("app", "3", "1Gi")),
                pod(container("app", "2", "1Gi")),
                "resize"),
            Verdict.allow()));
  }

  static Stream<Arguments> profiles() {
    return Stream.of(
        Arguments.of(
            "allowsAValidProfile",
            request("CREATE", profile("fast", 2000, 3000, "performance")),
            Verdict.allow()),
        Arguments.of(
            "allowsHyphenEpp",
            request("CREATE", profile("mild", 1000, 2000, "balance-power")),
            Verdict.allow()),
        Arguments.of(
            "deniesMinAboveMax",
            request("UPDATE", profile("fast", 3000, 2000, "performance"), null, null),
            Verdict.deny("spec.min: min 3000 MHz is above max 2000 MHz; min must not exceed max")),
        Arguments.of(
            "deniesUnknownEpp",
            request("CREATE", profile("fast", 2000, 3000, "turbo")),
            Verdict.deny(
                "spec.epp: \"turbo\" is not an EPP value; use one of performance,"
                    + " balance_performance, balance_power, power")),
        Arguments.of(
            "deniesUnknownGovernor",
            request("CREATE", withGovernor(profile("fast", 2000, 3000, "performance"), "fast")),
            Verdict.deny(
                "spec.governor: \"fast\" is not a known governor; use one of performance,"
                    + " powersave, schedutil, ondemand, conservative, userspace")),
        Arguments.of(
            "deniesSpecNameThatDiffersFromMetadataName",
            request("CREATE", withSpecName(profile("fast", 2000, 3000, "performance"), "slow")),
            Verdict.deny(
                "spec.name: \"slow\" differs from metadata.name \"fast\"; they must be equal")),
        Arguments.of(
            "deniesProfileOutsideThePowerNamespace",
            request("CREATE", profile("default", "fast", 2000, 3000, "performance")),
            Verdict.deny(
                "metadata.namespace: PowerProfile \"fast\" is in namespace \"default\"; power"
                    + " objects belong in namespace \"power\"")),
        Arguments.of(
            "deniesBadCapacity",
            request("CREATE", Fixtures.profileWithCapacity("fast", "140%")),
            Verdict.deny(
                "spec.cpuCapacity: \"140%\" is not a CPU count or a percentage; use e.g. 12 or"
                    + " \"40%\" (1-100%)")),
        Arguments.of(
            "deniesAMaxBeyondEveryPowerNode",
            request("CREATE", profile("fast", 2000, 4000, "performance")),
            Verdict.deny(
                "spec.max: max 4000 MHz exceeds the hardware of every power node (highest 3800"
                    + " MHz); no core type of any power node can run this profile")),
        Arguments.of(
            "allowsPercentAndSymbolicBounds",
            request("CREATE", profileText("half", "50%", "max", "performance")),
            Verdict.allow()),
        Arguments.of(
            "deniesPercentMinAbovePercentMax",
            request("CREATE", profileText("half", "60%", "50%", "performance")),
            Verdict.deny("spec.min: min 60% is above max 50%; min must not exceed max")),
        Arguments.of(
            "deniesMalformedFrequency",
            request("CREATE", profileText("half", "fast", "max", "performance")),
            Verdict.deny(
                "spec.min: \"fast\" is not a frequency; use an integer MHz such as 2400, a"
                    + " percentage \"0%\"-\"100%\", \"base\", \"min\" or \"max\"")),
        Arguments.of(
            "deniesDeletingAProfileInUse",
            request("DELETE", null, profile("performance", null, null, "performance"), null),
            Verdict.deny(
                "metadata.name: power profile \"performance\" is in use by pod default/web-1;"
                    + " delete those first")),
        Arguments.of(
            "allowsDeletingAnUnusedProfile",
            request("DELETE", null, profile("balance-power", null, null, "balance_power"), null),
            Verdict.allow()),
        Arguments.of(
            "allowsDeletingAMisplacedProfile",
            request("DELETE", null, profile("default", "performance", null, null, "x"), null),
            Verdict.allow()),
        Arguments.of(
            "allowsStatusUpdatesWithoutCheckingTheSpec",
            request(
                "UPDATE",
                profile("default", "fast", 3000, 2000, "x"),
                profile("default", "fast", 3000, 2000, "x"),
                "status"),
            Verdict.allow()));
  }

  static Stream<Arguments> configsWorkloadsAndNodes() {
    Map<String, String> node1 = Map.of("kubernetes.io/hostname", "node-1");
    return Stream.of(
        Arguments.of(
            "allowsUpdatingTheOnePowerConfig",
            request(
                "UPDATE",
                config(POWER_NS, "power-config", "performance"),
                config(POWER_NS, "power-config"),
                null),
            Verdict.allow()),
        Arguments.of(
            "deniesASecondPowerConfig",
            request("CREATE", config(POWER_NS, "second", "performance")),
            Verdict.deny(
                "metadata.name: PowerConfig \"power-config\" already exists; only one"
                    + " PowerConfig is allowed per cluster")),
        Arguments.of(
            "deniesNonBaseProfileInPowerConfig",
            request("UPDATE", config(POWER_NS, "power-config", "turbo"), null, null),
            Verdict.deny(
                "spec.powerProfiles[0]: \"turbo\" is not a base profile; use performance,"
                    + " balance-performance, balance-power (create other profiles as"
                    + " PowerProfile objects)")),
        Arguments.of(
            "deniesPowerConfigOutsideThePowerNamespaceWithItsOtherViolations",
            request("CREATE", config("default", "power-config", "turbo")),
            Verdict.deny(
                "metadata.namespace: PowerConfig \"power-config\" is in namespace \"default\";"
                    + " power objects belong in namespace \"power\"; spec.powerProfiles[0]:"
                    + " \"turbo\" is not a base profile; use performance, balance-performance,"
                    + " balance-power (create other profiles as PowerProfile objects)")),
        Arguments.of(
            "allowsTheSeedsSharedWorkload",
            request("CREATE", workload("shared-node-1-workload", true, node1, "shared", 0, 1)),
            Verdict.allow()),
        Arguments.of(
            "deniesAllCoresWithoutSharedPrefix",
            request("CREATE", workload("node-1-pool", true, node1, "shared")),
            Verdict.deny(
                "metadata.name: \"node-1-pool\" has allCores: true, which makes it a node's"
                    + " shared workload; its name must start with \"shared-\"")),
        Arguments.of(
            "deniesSharedPrefixWithoutAllCores",
            request("CREATE", workload("shared-node-1", false, Map.of(), "performance")),
            Verdict.deny(
                "spec.allCores: \"shared-node-1\" is named as a shared workload but allCores is"
                    + " not true; set allCores: true or rename it")),
        Arguments.of(
            "deniesSharedWorkloadSelectingTwoNodesOneOfWhichHasOne",
            request("CREATE", workload("shared-all", true, Map.of("power", "true"), "shared")),
            Verdict.deny(
                "spec.powerNodeSelector: {power=true} selects node \"node-2\", already selected"
                    + " by shared workload \"shared-node-2-workload\"; a node has at most one"
                    + " shared workload, so \"shared-all\" and \"shared-node-2-workload\" cannot"
                    + " both select it")),
        Arguments.of(
            "deniesSecondSharedWorkloadOnANode",
            request(
                "CREATE",
                workload(
                    "shared-node-2-again",
                    true,
                    Map.of("kubernetes.io/hostname", "node-2"),
                    "shared")),
            Verdict.deny(
                "spec.powerNodeSelector: {kubernetes.io/hostname=node-2} selects node"
                    + " \"node-2\", already selected by shared workload"
                    + " \"shared-node-2-workload\"; a node has at most one shared workload, so"
                    + " \"shared-node-2-again\" and \"shared-node-2-workload\" cannot both"
                    + " select it")),
        Arguments.of(
            "deniesDuplicateReservedCpus",
            request("CREATE", workload("shared-node-1", true, node1, "shared", 0, 1, 1)),
            Verdict.deny("spec.reservedCPUs[2]: CPU 1 is listed twice")),
        Arguments.of(
            "deniesSharedWorkloadWithoutPowerEpp",
            request("CREATE", workload("shared-node-1", true, node1, "performance")),
            Verdict.deny(
                "spec.powerProfile: power profile \"performance\" is not a shared profile; a"
                    + " shared workload needs one (shared: true, or epp: power in v1alpha1)")),
        Arguments.of(
            "deniesWorkloadWithUnknownProfile",
            request("CREATE", workload("shared-node-1", true, node1, "missing")),
            Verdict.deny("spec.powerProfile: power profile \"missing\" does not exist")),
        Arguments.of(
            "allowsPowerNodeInThePowerNamespace",
            request("CREATE", powerNode(POWER_NS, "node-1")),
            Verdict.allow()),
        Arguments.of(
            "deniesPowerNodeOutsideThePowerNamespace",
            request("CREATE", powerNode("kube-system", "node-1")),
            Verdict.deny(
                "metadata.namespace: PowerNode \"node-1\" is in namespace \"kube-system\";"
                    + " power objects belong in namespace \"power\"")),
        Arguments.of(
            "allowsKindsItHasNoRulesFor", request("CREATE", configMap()), Verdict.allow()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"pods", "profiles", "configsWorkloadsAndNodes"})
  void answersWithTheRulesVerdict(String behaviour, ReviewRequest request, Verdict expected) {
    // When
    AdmissionResponse response = service.validate(request);

    // Then
    assertThat(response.getUid()).isEqualTo(request.uid());
    assertThat(response.getPatch()).isNull();
    assertThat(response.getPatchType()).isNull();
    assertThat(response.getAllowed()).isEqualTo(expected.allowed());
    if (expected.allowed()) {
      assertThat(response.getStatus()).isNull();
    } else {
      assertThat(response.getStatus().getCode()).isEqualTo(403);
      assertThat(response.getStatus().getReason()).isEqualTo("Forbidden");
      assertThat(response.getStatus().getMessage()).isEqualTo(expected.message());
    }
    if (expected.warning() == null) {
      assertThat(response.getWarnings()).isNullOrEmpty();
    } else {
      assertThat(response.getWarnings()).containsExactly(expected.warning());
    }
  }

  @ParameterizedTest
  @MethodSource("undecodableSpecs")
  void admitsDeletingAPowerObjectTheModelCannotDecode(String kind, Map<String, Object> spec) {
    // Given an old object as stored (max beyond int, a fraction) that no Java model decodes
    AdmissionRequest request =
        Fixtures.admissionRequest(
            "DELETE", null, profile("balance-power", null, null, "balance_power"), null);
    request.getKind().setKind(kind);
    request.setOldObject(
        Map.of(
            "apiVersion",
            "power.intel.com/v1alpha1",
            "kind",
            kind,
            "metadata",
            Map.of("name", "balance-power", "namespace", POWER_NS),
            "spec",
            spec));

    // When
    AdmissionResponse response = service.validate(Fixtures.review(request));

    // Then
    assertThat(response.getAllowed()).isTrue();
  }

  static Stream<Arguments> undecodableSpecs() {
    return Stream.of(
        Arguments.of("PowerProfile", Map.of("name", "balance-power", "max", 3_000_000_000L)),
        Arguments.of("PowerProfile", Map.of("name", "balance-power", "max", 3500.7)),
        Arguments.of("PowerWorkload", Map.of("reservedCPUs", "not-a-list")),
        Arguments.of("PowerConfig", Map.of("powerNodeSelector", 42)));
  }

  @Test
  void deniesWithCode400WhenTheObjectIsMissing() {
    // Given
    AdmissionRequest request =
        Fixtures.admissionRequest("CREATE", profile("fast", 1, 2, "performance"), null, null);
    request.setObject(null);

    // When
    AdmissionResponse response = service.validate(Fixtures.review(request));

    // Then
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getUid()).isEqualTo("uid-create-fast");
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage()).isEqualTo("request.object is missing on CREATE");
  }

  @Test
  void deniesWithCode400WhenTheObjectDoesNotFitItsKind() {
    // Given
    AdmissionRequest request =
        Fixtures.admissionRequest("CREATE", profile("fast", 1, 2, "performance"), null, null);
    request.setObject(Map.of("spec", List.of("not", "a", "spec")));

    // When
    AdmissionResponse response = service.validate(Fixtures.review(request));

    // Then
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage()).startsWith("request.object.spec: ");
  }

  @Test
  void deniesWithCode400APodWhoseContainersAreNotAList() {
    // Given
    AdmissionRequest request =
        Fixtures.admissionRequest("CREATE", pod(container("app", "2", "1Gi")), null, null);
    request.setObject(Map.of("spec", Map.of("containers", "app")));

    // When
    AdmissionResponse response = service.validate(Fixtures.review(request));

    // Then
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage())
        .isEqualTo("request.object.spec.containers is a JSON string, not an array");
  }

  @Test
  void answersAFaultOfTheCatalogWithCode500AndNoDetailsOfTheFault() {
    // Given
    var failing =
        new AdmissionService(
            new io.powermanager.domain.rules.PowerCatalog() {
              @Override
              public boolean knowsProfiles() {
                throw new IllegalStateException("secret internals");
              }

              @Override
              public java.util.Optional<io.powermanager.domain.power.PowerProfile> profile(
                  String name) {
                return java.util.Optional.empty();
              }

              @Override
              public boolean knowsNodes() {
                return false;
              }

              @Override
              public List<String> nodesMatching(Map<String, String> selector) {
                return List.of();
              }

              @Override
              public java.util.Optional<String> sharedWorkloadOn(String node, String except) {
                return java.util.Optional.empty();
              }

              @Override
              public java.util.Optional<String> powerConfigOtherThan(String exceptName) {
                return java.util.Optional.empty();
              }

              @Override
              public List<String> usersOf(String profile) {
                return List.of();
              }

              @Override
              public List<io.powermanager.domain.power.Frequency> powerNodeMaxima() {
                return List.of();
              }

              @Override
              public List<io.powermanager.domain.power.Frequency> powerNodeMinima() {
                return List.of();
              }

              @Override
              public List<List<io.powermanager.domain.power.HardwareRange>> powerNodeCoreTypes() {

                return List.of();
              }

              @Override
              public List<String> powerNodesMatching(
                  io.powermanager.domain.node.LabelSelector selector) {
                return List.of();
              }

              @Override
              public List<String> customDevices() {
                return List.of();
              }
            },
            AdmissionSettings.of(POWER_NS));

    // When
    AdmissionResponse response =
        failing.validate(request("CREATE", pod(container("app", "1", "1Gi", "performance", "1"))));

    // Then
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getUid()).isEqualTo("uid-create-web");
    assertThat(response.getStatus().getCode()).isEqualTo(500);
    assertThat(response.getStatus().getReason()).isEqualTo("InternalError");
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "the power webhook failed to review this request (IllegalStateException); see its"
                + " log for uid uid-create-web")
        .doesNotContain("secret internals");
  }

  private static io.fabric8.kubernetes.api.model.Container notGuaranteed() {
    var c = container("app", "2", null, "performance", "2");
    c.getResources().getRequests().put("memory", new Quantity("1Gi"));
    return c;
  }

  private static PowerProfile withGovernor(PowerProfile p, String governor) {
    p.getSpec().setGovernor(governor);
    return p;
  }

  private static PowerProfile withSpecName(PowerProfile p, String name) {
    p.getSpec().setName(name);
    return p;
  }

  private static ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("cm")
        .withNamespace("default")
        .endMetadata()
        .build();
  }
}
