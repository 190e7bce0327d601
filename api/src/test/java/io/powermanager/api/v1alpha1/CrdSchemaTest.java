package io.powermanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.powermanager.api.PowerResources;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Asserts on the CRDs the build generated from the classes (parsed, not as text). */
class CrdSchemaTest {

  static Stream<Arguments> kinds() {
    return Stream.of(
        arguments(PowerConfig.class, "PowerConfig", "powerconfigs", "pcfg"),
        arguments(PowerProfile.class, "PowerProfile", "powerprofiles", "pp"),
        arguments(PowerWorkload.class, "PowerWorkload", "powerworkloads", "pwl"),
        arguments(PowerNode.class, "PowerNode", "powernodes", "pn"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void definesNamespacedKindServedAtV1alpha1AndStoredAtV1WithStatusSubresource(
      Class<? extends CustomResource<?, ?>> kind,
      String kindName,
      String plural,
      String shortName) {
    // When
    CustomResourceDefinition crd = PowerResources.crd(kind);

    // Then
    assertThat(crd.getMetadata().getName()).isEqualTo(plural + ".power.intel.com");
    assertThat(crd.getSpec().getGroup()).isEqualTo("power.intel.com");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo(kindName);
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(plural);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(shortName);
    assertThat(crd.getSpec().getVersions())
        .extracting(
            CustomResourceDefinitionVersion::getName,
            CustomResourceDefinitionVersion::getServed,
            CustomResourceDefinitionVersion::getStorage)
        .containsExactly(tuple("v1alpha1", true, false), tuple("v1", true, true));
    assertThat(version(crd).getSubresources().getStatus()).isNotNull();
    assertThat(crd.getSpec().getConversion().getStrategy()).isEqualTo("Webhook");
    assertThat(crd.getSpec().getConversion().getWebhook().getConversionReviewVersions())
        .containsExactly("v1");
    assertThat(crd.getSpec().getConversion().getWebhook().getClientConfig().getService())
        .extracting(s -> s.getName(), s -> s.getPath(), s -> s.getPort())
        .containsExactly("power-manager", "/convert", 443);
    assertThat(version(crd).getAdditionalPrinterColumns())
        .extracting(c -> c.getName(), c -> c.getJsonPath(), c -> c.getType())
        .contains(tuple("AGE", ".metadata.creationTimestamp", "date"));
  }

  @Test
  void cstatesIsServedAtV1alpha1AndV1WithOneSchemaAndNoConversion() {
    // When
    CustomResourceDefinition crd = PowerResources.crd(CStates.class);

    // Then
    assertThat(crd.getMetadata().getName()).isEqualTo("cstates.power.intel.com");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getConversion()).isNull();
    assertThat(crd.getSpec().getVersions())
        .extracting(
            CustomResourceDefinitionVersion::getName,
            CustomResourceDefinitionVersion::getServed,
            CustomResourceDefinitionVersion::getStorage)
        .containsExactlyInAnyOrder(tuple("v1", true, false), tuple("v1alpha1", true, true));
    assertThat(crd.getSpec().getVersions().get(0).getSchema())
        .isEqualTo(crd.getSpec().getVersions().get(1).getSchema());
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .containsExactlyInAnyOrder(
            "SHARED", "EXCLUSIVE", "CORES", "NODES", "APPLIED", "REASON", "NODE-SELECTOR", "AGE");
    assertThat(
            crd.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties())
        .containsOnlyKeys(
            "sharedPoolCStates", "exclusivePoolCStates", "individualCoreCStates", "nodeSelector");
  }

  @Test
  void profileCStatesRuleForbidsNamesWithMaxLatency() {
    // When
    JSONSchemaProps cstates = specSchema(PowerProfile.class).getProperties().get("cstates");

    // Then
    assertThat(cstates.getXKubernetesValidations())
        .extracting(v -> v.getRule())
        .contains("!(has(self.names) && has(self.maxLatencyUs))");
    assertThat(cstates.getProperties().get("names").getMaxProperties()).isEqualTo(16L);
    assertThat(cstates.getProperties().get("maxLatencyUs").getMaximum()).isEqualTo(1_000_000.0);
  }

  @Test
  void powerConfigPrintsImageProfilesNodesAndReadiness() {
    // When
    CustomResourceDefinitionVersion version = version(PowerResources.crd(PowerConfig.class));

    // Then
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName(), c -> c.getJsonPath(), c -> c.getType(), c -> c.getPriority())
        .contains(
            tuple("IMAGE", ".spec.powerImage", "string", 0),
            tuple("PROFILES", ".spec.powerProfiles", "string", 0),
            tuple("NODES", ".status.nodes", "string", 1),
            tuple("READY", ".status.conditions[?(@.type==\"Ready\")].status", "string", 0));
  }

  @Test
  void powerProfilePrintsFrequenciesEppGovernorAndCapacity() {
    // When
    CustomResourceDefinitionVersion version = version(PowerResources.crd(PowerProfile.class));

    // Then
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName(), c -> c.getJsonPath(), c -> c.getType(), c -> c.getPriority())
        .contains(
            tuple("MAX", ".spec.max", "string", 0),
            tuple("MIN", ".spec.min", "string", 0),
            tuple("EPP", ".spec.epp", "string", 0),
            tuple("GOVERNOR", ".spec.governor", "string", 0),
            tuple("CAPACITY", ".spec.cpuCapacity", "string", 1));
  }

  @Test
  void powerProfileSchemaRequiresNameOnlyAndBoundsTheRest() {
    // When
    JSONSchemaProps spec = specSchema(PowerProfile.class);

    // Then
    // epp is optional in the schema (v1 allows it absent); the webhook requires it on v1alpha1
    // creates
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("name");
    for (String bound : List.of("max", "min")) {
      assertThat(spec.getProperties().get(bound).getXKubernetesIntOrString()).isTrue();
      assertThat(spec.getProperties().get(bound).getXKubernetesValidations())
          .singleElement()
          .satisfies(v -> assertThat(v.getRule()).isEqualTo(PowerProfileSpec.FREQUENCY_RULE));
    }
    assertThat(spec.getProperties().get("epp").getEnum())
        .extracting(e -> e.asString())
        .containsExactlyInAnyOrder(
            "performance",
            "balance_performance",
            "balance-performance",
            "balance_power",
            "balance-power",
            "power");
    assertThat(spec.getProperties().get("governor").getEnum())
        .extracting(e -> e.asString())
        .containsExactlyInAnyOrder(
            "performance", "powersave", "schedutil", "ondemand", "conservative", "userspace");
  }

  @Test
  void powerProfileCpuCapacityIsIntOrStringCheckedByRule() {
    // When
    JSONSchemaProps capacity = specSchema(PowerProfile.class).getProperties().get("cpuCapacity");

    // Then
    assertThat(capacity.getXKubernetesIntOrString()).isTrue();
    assertThat(capacity.getAnyOf())
        .extracting(JSONSchemaProps::getType)
        .containsExactlyInAnyOrder("integer", "string");
    assertThat(capacity.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .containsExactly(PowerProfileSpec.CPU_CAPACITY_RULE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "4", "224", "1%", "50%", "99%", "100%"})
  void cpuCapacityPatternAcceptsCountsAndPercentages(String value) {
    // When
    boolean matches = value.matches(PowerProfileSpec.CPU_CAPACITY_PATTERN);

    // Then
    assertThat(matches).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "0", "00", "0%", "101%", "150%", "05%", "-1", "50 %", "%", "half", "4 cpus"})
  void cpuCapacityPatternRejectsJunk(String value) {
    // When
    boolean matches = value.matches(PowerProfileSpec.CPU_CAPACITY_PATTERN);

    // Then
    assertThat(matches).isFalse();
  }

  @Test
  void powerWorkloadPrintsProfileNodeAllCoresAndCpus() {
    // When
    CustomResourceDefinitionVersion version = version(PowerResources.crd(PowerWorkload.class));

    // Then
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName(), c -> c.getJsonPath(), c -> c.getType(), c -> c.getPriority())
        .contains(
            tuple("PROFILE", ".spec.powerProfile", "string", 0),
            tuple("NODE", ".spec.nodeInfo.name", "string", 0),
            tuple("ALL-CORES", ".spec.allCores", "boolean", 0),
            tuple("CPUS", ".spec.nodeInfo.cpuIds", "string", 0));
  }

  @Test
  void powerWorkloadCpuIdsAreNonNegativeIntegers() {
    // When
    JSONSchemaProps spec = specSchema(PowerWorkload.class);
    JSONSchemaProps nodeInfo = spec.getProperties().get("nodeInfo");
    JSONSchemaProps container = nodeInfo.getProperties().get("containers").getItems().getSchema();

    // Then
    assertThat(
            Stream.of(
                spec.getProperties().get("reservedCPUs"),
                nodeInfo.getProperties().get("cpuIds"),
                container.getProperties().get("exclusiveCPUs")))
        .allSatisfy(
            list -> {
              assertThat(list.getType()).isEqualTo("array");
              assertThat(list.getItems().getSchema().getType()).isEqualTo("integer");
              assertThat(list.getItems().getSchema().getMinimum()).isEqualTo(0.0);
            });
    assertThat(container.getProperties())
        .containsKeys("id", "name", "pod", "namespace", "podUID", "powerProfile");
  }

  @Test
  void powerNodePrintsNodeHardwareReservedReadinessAndHeartbeat() {
    // When
    CustomResourceDefinitionVersion version = version(PowerResources.crd(PowerNode.class));

    // Then
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName(), c -> c.getJsonPath(), c -> c.getType())
        .contains(
            tuple("NODE", ".spec.nodeName", "string"),
            tuple("DRIVER", ".status.hardware.driver", "string"),
            tuple("CPUS", ".status.hardware.cpus", "string"),
            tuple("RESERVED", ".status.reservedCPUs", "string"),
            tuple("READY", ".status.conditions[?(@.type==\"Ready\")].status", "string"),
            tuple("PACKAGE-WATTS", ".status.telemetry.packageWatts", "number"),
            tuple("HEARTBEAT", ".status.heartbeat", "date"));
  }

  @Test
  void powerNodeStatusKeepsBothSeedSpellingsOfExclusiveCpus() {
    // When
    JSONSchemaProps status = statusSchema(PowerNode.class);

    // Then
    assertThat(status.getProperties())
        .containsKeys(
            "activeProfiles",
            "activeWorkloads",
            "powerContainers",
            "sharedPools",
            "hardware",
            "reservedCPUs",
            "allocatableCPUs",
            "heartbeat",
            "observedGeneration",
            "conditions");
    assertThat(status.getProperties().get("powerContainers").getItems().getSchema().getProperties())
        .containsKey("exclusiveCpus")
        .doesNotContainKey("exclusiveCPUs");
    assertThat(status.getProperties().get("hardware").getProperties())
        .containsKeys(
            "driver",
            "cpus",
            "coreTypes",
            "governors",
            "epps",
            "eppSupported",
            "cstates",
            "uncore",
            "missing");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void statusConditionsCarryReasonMessageAndObservedGeneration(
      Class<? extends CustomResource<?, ?>> kind,
      String kindName,
      String plural,
      String shortName) {
    // When
    JSONSchemaProps condition =
        statusSchema(kind).getProperties().get("conditions").getItems().getSchema();

    // Then
    assertThat(condition.getProperties())
        .containsKeys(
            "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
  }

  private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> "v1alpha1".equals(v.getName()))
        .findFirst()
        .orElseThrow();
  }

  private static JSONSchemaProps specSchema(Class<? extends CustomResource<?, ?>> kind) {
    return version(PowerResources.crd(kind))
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec");
  }

  private static JSONSchemaProps statusSchema(Class<? extends CustomResource<?, ?>> kind) {
    return version(PowerResources.crd(kind))
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("status");
  }
}
