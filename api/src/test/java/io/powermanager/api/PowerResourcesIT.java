package io.powermanager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.powermanager.api.v1alpha1.ActiveWorkload;
import io.powermanager.api.v1alpha1.CState;
import io.powermanager.api.v1alpha1.CoreType;
import io.powermanager.api.v1alpha1.NodeHardware;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigSpec;
import io.powermanager.api.v1alpha1.PowerConfigStatus;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.api.v1alpha1.PowerProfileStatus;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import io.powermanager.api.v1alpha1.PowerWorkloadStatus;
import io.powermanager.api.v1alpha1.SharedPool;
import io.powermanager.api.v1alpha1.UncoreDomain;
import io.powermanager.api.v1alpha1.WorkloadContainer;
import io.powermanager.api.v1alpha1.WorkloadNodeInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The four kinds against the fabric8 mock API server with their real CRDs installed. */
@EnableKubernetesMockClient(crud = true)
class PowerResourcesIT {

  private static final String NAMESPACE = "power";

  static KubernetesClient client;
  static KubernetesMockServer server;

  @BeforeEach
  void installCrds() {
    PowerResources.install(client);
  }

  @Test
  void installsEveryCrdIdempotently() {
    // When
    List<CustomResourceDefinition> again = PowerResources.install(client);

    // Then
    assertThat(again).hasSize(PowerResources.kinds().size());
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(crd -> crd.getMetadata().getName())
        .contains(
            "powerconfigs.power.intel.com",
            "powerprofiles.power.intel.com",
            "powerworkloads.power.intel.com",
            "powernodes.power.intel.com",
            "uncores.power.intel.com",
            "cstates.power.intel.com");
  }

  @Test
  void powerConfigStatusGoesThroughTheStatusSubresource() {
    // Given
    PowerConfig config = named(new PowerConfig(), "power-config");
    config.setSpec(new PowerConfigSpec());
    config.getSpec().setPowerImage("power-manager:0.1.0");
    config.getSpec().setPowerNodeSelector(Map.of("feature.node.kubernetes.io/power-node", "true"));
    config.getSpec().setPowerProfiles(List.of("performance"));
    PowerConfig created = client.resource(config).create();
    created.setStatus(new PowerConfigStatus());
    created.getStatus().setNodes(List.of("node-a"));
    created.getStatus().setConditions(List.of(ready()));

    // When
    client.resource(created).updateStatus();

    // Then
    PowerConfig read = reread(created);
    assertThat(read.getSpec().getPowerProfiles()).containsExactly("performance");
    assertThat(read.getStatus().getNodes()).containsExactly("node-a");
    assertThat(read.getStatus().getConditions()).containsExactly(ready());
  }

  @Test
  void powerProfileStatusGoesThroughTheStatusSubresource() {
    // Given
    PowerProfile profile = named(new PowerProfile(), "performance-node-a");
    profile.setSpec(new PowerProfileSpec());
    profile.getSpec().setName("performance-node-a");
    profile.getSpec().setMax(new IntOrString(3700));
    profile.getSpec().setMin(new IntOrString(3300));
    profile.getSpec().setEpp("performance");
    profile.getSpec().setGovernor("performance");
    profile.getSpec().setCpuCapacity(new IntOrString("50%"));
    PowerProfile created = client.resource(profile).create();
    created.setStatus(new PowerProfileStatus());
    created.getStatus().setNodes(List.of("node-a"));
    created.getStatus().setConditions(List.of(ready()));

    // When
    client.resource(created).updateStatus();

    // Then
    PowerProfile read = reread(created);
    assertThat(read.getSpec().getCpuCapacity()).isEqualTo(new IntOrString("50%"));
    assertThat(read.getSpec().getMax()).isEqualTo(new IntOrString(3700));
    assertThat(read.getStatus().getNodes()).containsExactly("node-a");
    assertThat(read.getStatus().getConditions()).containsExactly(ready());
  }

  @Test
  void powerWorkloadStatusGoesThroughTheStatusSubresource() {
    // Given
    WorkloadContainer container = new WorkloadContainer();
    container.setExclusiveCPUs(List.of(2, 3));
    container.setId("containerd://0123abcd");
    container.setName("app");
    container.setPod("web-0");
    container.setNamespace("shop");
    container.setPodUID("5f0c4e1a-3b1e-4d6a-9c55-0d7f1b2c3d4e");
    container.setPowerProfile("performance");
    WorkloadNodeInfo nodeInfo = new WorkloadNodeInfo();
    nodeInfo.setName("node-a");
    nodeInfo.setCpuIds(List.of(2, 3));
    nodeInfo.setContainers(List.of(container));
    PowerWorkload workload = named(new PowerWorkload(), "performance-node-a-workload");
    workload.setSpec(new PowerWorkloadSpec());
    workload.getSpec().setName("performance-node-a-workload");
    workload.getSpec().setPowerProfile("performance-node-a");
    workload.getSpec().setNodeInfo(nodeInfo);
    PowerWorkload created = client.resource(workload).create();
    created.setStatus(new PowerWorkloadStatus());
    created.getStatus().setNode("node-a");
    created.getStatus().setCpuIds("2-3");
    created.getStatus().setConditions(List.of(ready()));

    // When
    client.resource(created).updateStatus();

    // Then
    PowerWorkload read = reread(created);
    assertThat(read.getSpec().getNodeInfo().getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getPodUID()).isEqualTo(container.getPodUID()));
    assertThat(read.getStatus().getCpuIds()).isEqualTo("2-3");
    assertThat(read.getStatus().getConditions()).containsExactly(ready());
  }

  @Test
  void powerNodeStatusGoesThroughTheStatusSubresource() {
    // Given
    PowerNode node = named(new PowerNode(), "node-a");
    node.setSpec(new PowerNodeSpec("node-a"));
    PowerNode created = client.resource(node).create();
    created.setStatus(agentStatus());

    // When
    client.resource(created).updateStatus();

    // Then
    PowerNode read = reread(created);
    assertThat(read.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(read.getStatus())
        .usingRecursiveComparison()
        .ignoringFieldsOfTypes(Condition.class)
        .isEqualTo(agentStatus());
    assertThat(read.getStatus().getConditions()).containsExactly(ready());
  }

  @Test
  void specUpdateKeepsTheStatusTheAgentWrote() {
    // Given: the fabric8 mock gives the status subresource to a CRD's highest-priority version
    // only (v1), so the CRD is served at v1alpha1 alone here, as before v1 was served
    CustomResourceDefinition v1alpha1Only = PowerResources.crd(PowerNode.class);
    v1alpha1Only.getSpec().getVersions().removeIf(v -> !v.getName().equals("v1alpha1"));
    v1alpha1Only.getSpec().getVersions().get(0).setStorage(true);
    v1alpha1Only.getSpec().setConversion(null);
    client.resource(v1alpha1Only).unlock().update();
    PowerNode node = named(new PowerNode(), "node-b");
    node.setSpec(new PowerNodeSpec("node-b"));
    PowerNode created = client.resource(node).create();
    created.setStatus(agentStatus());
    PowerNode withStatus = client.resource(created).updateStatus();
    withStatus.getSpec().setNodeName("node-b2");
    withStatus.setStatus(null);

    // When
    client.resource(withStatus).update();

    // Then
    PowerNode read = reread(created);
    assertThat(read.getSpec().getNodeName()).isEqualTo("node-b2");
    assertThat(read.getStatus().getHeartbeat()).isEqualTo("2026-11-29T10:15:30Z");
  }

  private static PowerNodeStatus agentStatus() {
    NodeHardware hardware = new NodeHardware();
    hardware.setDriver("intel_pstate");
    hardware.setCpus("0-7");
    hardware.setCoreTypes(List.of(new CoreType("0-7", 800, 3800, 2000)));
    hardware.setGovernors(List.of("performance", "powersave"));
    hardware.setEpps(List.of("performance", "balance_performance", "balance_power", "power"));
    hardware.setEppSupported(true);
    hardware.setCstates(List.of(new CState("C6", 290, 800)));
    hardware.setUncore(List.of(new UncoreDomain("package_00_die_00", 800, 2500)));
    hardware.setMissing(List.of("cpuidle/state3/default_status"));
    PowerNodeStatus status = new PowerNodeStatus();
    status.setActiveProfiles(Map.of("performance-node-a", true));
    status.setActiveWorkloads(
        List.of(new ActiveWorkload("performance-node-a-workload", List.of(2, 3))));
    status.setSharedPools(
        List.of(
            new SharedPool(SharedPool.DEFAULT, List.of(0, 1)),
            new SharedPool(SharedPool.SHARED, List.of(4, 5, 6, 7))));
    status.setHardware(hardware);
    status.setReservedCPUs("0-1");
    status.setAllocatableCPUs("2-7");
    status.setHeartbeat("2026-11-29T10:15:30Z");
    status.setObservedGeneration(1L);
    status.setConditions(List.of(ready()));
    return status;
  }

  private static Condition ready() {
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus("True")
        .withReason("Converged")
        .withMessage("all CPUs tuned")
        .withLastTransitionTime("2026-11-29T10:15:30Z")
        .withObservedGeneration(1L)
        .build();
  }

  private static <T extends HasMetadata> T named(T object, String name) {
    object.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    return object;
  }

  @SuppressWarnings("unchecked")
  private static <T extends CustomResource<?, ?>> T reread(T object) {
    return (T)
        client
            .resources(object.getClass())
            .inNamespace(NAMESPACE)
            .withName(object.getMetadata().getName())
            .get();
  }
}
