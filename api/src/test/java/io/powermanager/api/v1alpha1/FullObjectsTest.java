package io.powermanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;

/** Objects with every field of spec and status set, our additions to the seed included. */
class FullObjectsTest {

  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  private static final String CONDITIONS =
      """
        conditions:
        - type: Ready
          status: "True"
          reason: Converged
          message: all CPUs tuned
          lastTransitionTime: "2026-11-29T10:15:30Z"
          observedGeneration: 3
      """;

  static final String POWER_CONFIG =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: PowerConfig
      metadata:
        name: power-config
        namespace: power
      spec:
        powerImage: registry.example/power-manager:0.1.0
        powerNodeSelector:
          feature.node.kubernetes.io/power-node: "true"
        powerProfiles:
        - performance
        - balance-performance
      status:
        nodes:
        - node-a
        - node-b
      """
          + CONDITIONS;

  static final String POWER_PROFILE =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: PowerProfile
      metadata:
        name: balance-performance-node-a
        namespace: power
      spec:
        name: balance-performance-node-a
        shared: false
        max: 3000
        min: 2000
        epp: balance_performance
        governor: powersave
        cpuCapacity: 50%
        cstates:
          names:
            C6: false
          maxLatencyUs: 10
        nodeSelector:
          matchLabels:
            kubernetes.io/hostname: node-a
      status:
        nodes:
        - node-a
      """
          + CONDITIONS;

  static final String CSTATES =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: CStates
      metadata:
        name: node-a
        namespace: power
      spec:
        sharedPoolCStates:
          C1: true
        exclusivePoolCStates:
          performance:
            C1: false
        individualCoreCStates:
          "5":
            C1: true
            C6: false
        nodeSelector:
          matchLabels:
            zone: a
          matchExpressions:
          - key: pool
            operator: In
            values:
            - telco
      status:
        nodes:
        - node-a
      """
          + CONDITIONS;

  static final String POWER_WORKLOAD =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: PowerWorkload
      metadata:
        name: performance-node-a-workload
        namespace: power
      spec:
        name: performance-node-a-workload
        allCores: false
        reservedCPUs:
        - 0
        powerNodeSelector:
          kubernetes.io/hostname: node-a
        powerProfile: performance-node-a
        nodeInfo:
          name: node-a
          cpuIds:
          - 2
          - 3
          containers:
          - exclusiveCPUs:
            - 2
            - 3
            id: containerd://0123abcd
            name: app
            pod: web-0
            namespace: shop
            podUID: 5f0c4e1a-3b1e-4d6a-9c55-0d7f1b2c3d4e
            powerProfile: performance
      status:
        node: node-a
        cpuIds: 2-3
      """
          + CONDITIONS;

  static final String POWER_NODE =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: PowerNode
      metadata:
        name: node-a
        namespace: power
      spec:
        nodeName: node-a
      status:
        activeProfiles:
          performance-node-a: true
        activeWorkloads:
        - name: performance-node-a-workload
          cores:
          - 2
          - 3
        powerContainers:
        - exclusiveCpus:
          - 2
          - 3
          id: containerd://0123abcd
          name: app
          pod: web-0
          namespace: shop
          podUID: 5f0c4e1a-3b1e-4d6a-9c55-0d7f1b2c3d4e
          powerProfile: performance-node-a
          workload: performance-node-a-workload
        sharedPools:
        - name: Shared
          sharedPoolCpuIds:
          - 1
          - 4
        hardware:
          driver: intel_pstate
          cpus: 0-223
          coreTypes:
          - cpus: 0-223
            cpuinfoMinMHz: 800
            cpuinfoMaxMHz: 3800
            baseMHz: 2000
          governors:
          - performance
          - powersave
          epps:
          - default
          - performance
          - balance_performance
          - balance_power
          - power
          eppSupported: true
          cstates:
          - name: C6
            latencyUs: 290
            residencyUs: 800
          uncore:
          - domain: package_00_die_00
            package: 0
            die: 0
            initialMinMHz: 800
            initialMaxMHz: 2500
          turboKnob: intel_pstate/no_turbo
          turbo: true
          missing:
          - cpuidle/state3/default_status
        uncore:
        - domain: package_00_die_00
          minKHz: 1500000
          maxKHz: 2400000
          currentKHz: 2400000
          originalMinKHz: 800000
          originalMaxKHz: 2500000
        reservedCPUs: 0-1,112-113
        allocatableCPUs: 2-111,114-223
        heartbeat: "2026-11-29T10:15:30Z"
        observedGeneration: 1
        schedule:
          kind: PowerSchedule
          namespace: power
          name: office-hours
          activeEntry: entries[0] 08:00
          activeSince: "2026-11-27T08:00:00Z"
          nextEntry: entries[1] 20:00
          nextTransition: "2026-11-27T20:00:00Z"
          sharedProfile: performance-node-a
          problems:
          - the entry's C-state layer is not applied by this version
        telemetry:
          energySource: rapl
          intervalSeconds: 30.0
          packageWatts: 182.5
          profiles:
          - profile: performance-node-a
            cpus: 4
            estimatedWatts: 21.3
      """
          + CONDITIONS;

  static final String POWER_SCHEDULE =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: PowerSchedule
      metadata:
        name: office-hours
        namespace: power
      spec:
        nodeSelector:
          matchLabels:
            power-schedule: office
          matchExpressions:
          - key: kubernetes.io/hostname
            operator: In
            values: [node-a]
        timeZone: Europe/Dublin
        entries:
        - at: "08:00"
          days: [Mon, Fri]
          sharedProfile: performance
          profileOverrides:
          - podSelector:
              matchLabels:
                power: "true"
              matchExpressions:
              - key: tier
                operator: NotIn
                values: [batch]
            from: performance
            to: balance-performance
          cstates:
            sharedPoolCStates:
              C6: true
            exclusivePoolCStates:
              performance:
                C1: false
            individualCoreCStates:
              "3":
                C1E: false
            nodeSelector:
              matchLabels:
                tier: web
          uncore:
            nodeSelector:
              tier: web
            sysMin: 1200000
            sysMax: 2000000
            dieSelector:
            - package: 0
              die: 0
              min: 1300000
              max: 1900000
      status:
      """
          + CONDITIONS;

  static final String TIME_OF_DAY =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: TimeOfDay
      metadata:
        name: node-a
        namespace: power
      spec:
        timeZone: Eire
        schedule:
        - time: "10:04:30"
          powerProfile: balance-power
          pods:
          - labels:
              matchLabels:
                power: "true"
              matchExpressions:
              - key: tier
                operator: In
                values: [web]
            target: performance
          cState:
            sharedPoolCStates:
              C1: false
            exclusivePoolCStates:
              performance:
                C1: false
            individualCoreCStates:
              "3":
                C1E: false
            nodeSelector:
              matchLabels:
                tier: web
        reservedCPUs: [0, 1]
      status:
      """
          + CONDITIONS;

  private static final String UNCORE =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: Uncore
      metadata:
        name: spr-nodes
        namespace: power-manager
      spec:
        nodeSelector:
          cpu: spr
        sysMin: 1300000
        sysMax: 2300000
        dieSelector:
        - package: 0
          die: 0
          min: 1500000
          max: 2400000
      status:
        errors:
        - package 3 is not an uncore domain of node spr-1
      """
          + CONDITIONS;

  static final String POWER_NODE_SETTINGS =
      """
      apiVersion: power.intel.com/v1alpha1
      kind: PowerNodeSettings
      metadata:
        name: no-turbo
        namespace: power-manager
      spec:
        nodeSelector:
          matchLabels:
            pool: a
        turbo: Disabled
        frequencyLimits:
          min: 1200
          max: base
        limitScope: AllCpus
      status:
      """
          + CONDITIONS;

  static Stream<Arguments> fullObjects() {
    return Stream.of(
        arguments(PowerConfig.class, POWER_CONFIG),
        arguments(PowerProfile.class, POWER_PROFILE),
        arguments(PowerWorkload.class, POWER_WORKLOAD),
        arguments(PowerNode.class, POWER_NODE),
        arguments(Uncore.class, UNCORE),
        arguments(CStates.class, CSTATES),
        arguments(PowerSchedule.class, POWER_SCHEDULE),
        arguments(TimeOfDay.class, TIME_OF_DAY),
        arguments(PowerNodeSettings.class, POWER_NODE_SETTINGS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fullObjects")
  void readsEveryFieldOfSpecAndStatus(Class<? extends CustomResource<?, ?>> kind, String yaml) {
    // When
    CustomResource<?, ?> object = Serialization.unmarshal(yaml, kind);

    // Then
    assertThat(Stream.of(object.getSpec(), object.getStatus()))
        .allSatisfy(
            part ->
                assertThat(part)
                    .usingRecursiveAssertion()
                    .ignoringFieldsOfTypes(IntOrString.class)
                    .hasNoNullFields()
                    .allFieldsSatisfy(
                        value -> !(value instanceof Collection<?> c) || !c.isEmpty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fullObjects")
  void writesEveryFieldBackUnderItsJsonName(
      Class<? extends CustomResource<?, ?>> kind, String yaml) {
    // Given
    CustomResource<?, ?> object = Serialization.unmarshal(yaml, kind);

    // When
    String json = Serialization.asJson(object);

    // Then
    assertThat(Serialization.unmarshal(json, TREE)).isEqualTo(Serialization.unmarshal(yaml, TREE));
  }

  @Test
  void readsCpuCapacityAsPercentOrCount() {
    // Given
    String count = POWER_PROFILE.replace("cpuCapacity: 50%", "cpuCapacity: 8");

    // When
    PowerProfile percent = Serialization.unmarshal(POWER_PROFILE, PowerProfile.class);
    PowerProfile cpus = Serialization.unmarshal(count, PowerProfile.class);

    // Then
    assertThat(percent.getSpec().getCpuCapacity().getStrVal()).isEqualTo("50%");
    assertThat(cpus.getSpec().getCpuCapacity().getIntVal()).isEqualTo(8);
  }

  @Test
  void writesHeartbeatAsRfc3339Text() {
    // Given
    PowerNode node = new PowerNode();
    node.setStatus(new PowerNodeStatus());
    node.getStatus().setHeartbeat("2026-11-29T10:15:30Z");

    // When
    Map<String, Object> tree = Serialization.unmarshal(Serialization.asJson(node), TREE);

    // Then
    Object heartbeat = ((Map<?, ?>) tree.get("status")).get("heartbeat");
    assertThat(heartbeat).isEqualTo("2026-11-29T10:15:30Z");
    assertThat(OffsetDateTime.parse((String) heartbeat).toInstant())
        .hasToString("2026-11-29T10:15:30Z");
  }

  @Test
  void writesNewObjectsWithoutEmptyCollectionsOrNulls() {
    // Given
    PowerWorkload workload = new PowerWorkload();
    workload.setSpec(new PowerWorkloadSpec());
    workload.getSpec().setName("shared-node-a-workload");
    workload.setStatus(new PowerWorkloadStatus());

    // When
    Map<String, Object> tree = Serialization.unmarshal(Serialization.asJson(workload), TREE);

    // Then
    assertThat(tree.get("spec")).isEqualTo(Map.of("name", "shared-node-a-workload"));
    assertThat(tree.get("status")).isEqualTo(Map.of());
    assertThat(workload.getSpec().getReservedCPUs()).isEmpty();
    assertThat(workload.getStatus().getConditions()).isEmpty();
  }

  @Test
  void ignoresFieldsItDoesNotKnow() {
    // Given
    String newer = POWER_NODE.replace("  nodeName: node-a", "  nodeName: node-a\n  futureField: 1");

    // When
    PowerNode node = Serialization.unmarshal(newer, PowerNode.class);

    // Then
    assertThat(node.getSpec().getNodeName()).isEqualTo("node-a");
  }
}
