package io.powermanager.api.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerResources;
import io.powermanager.api.convert.versions.VersionConversion;
import io.powermanager.api.v1alpha1.ActiveWorkload;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.PowerWorkloadSpec;
import io.powermanager.api.v1alpha1.SharedPool;
import io.powermanager.api.v1alpha1.WorkloadContainer;
import io.powermanager.api.v1alpha1.WorkloadNodeInfo;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Our components read and write the converted kinds at the storage version v1 and keep the v1alpha1
 * model: against a stand-in whose versions are stores of their own (no conversion webhook runs at
 * all), the informers fed v1 objects yield what the API server's conversion would have given, and
 * writes land at v1 with nothing lost.
 */
class StorageVersionIT {

  private static final String NS = "power";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private EmbeddedApiServer api;
  private KubernetesClient client;
  private KubernetesSerialization serialization;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private ClusterInformers informers;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start(ApiServerOptions.defaults());
    client = api.client();
    serialization = client.getKubernetesSerialization();
    PowerResources.install(client);
    informers =
        ClusterInformers.cluster(
            client,
            NS,
            new PrometheusRegistry(),
            new EventRecorder(events::add, Clock.systemUTC(), "test", "test-1"));
  }

  @AfterEach
  void stop() {
    informers.close();
    api.close();
  }

  @Test
  void informersFedV1ObjectsYieldTheV1alpha1ModelTheConversionGives() throws Exception {
    // Given every example of both versions (the seed's v1alpha1 ones, Intel v2.5.0's v1 ones),
    // stored at v1 as the API server stores them
    List<ObjectNode> examples = examples();
    assertThat(examples).hasSizeGreaterThan(8);
    for (ObjectNode example : examples) {
      JsonNode stored = VersionConversion.convert(example, PowerApi.STORAGE_API_VERSION);
      StorageVersion.resources(client, type(example), NS)
          .resource(serialization.convertValue(stored, GenericKubernetesResource.class))
          .create();
    }

    // When
    List<SharedIndexInformer<? extends HasMetadata>> all =
        List.of(
            informers.configs(),
            informers.profiles(),
            informers.workloads(),
            informers.powerNodes());
    informers.start().join();

    // Then each cached object is the example as a v1alpha1 client reads it through /convert
    for (ObjectNode example : examples) {
      GenericKubernetesResource stored =
          StorageVersion.resources(client, type(example), NS).withName(name(example)).get();
      JsonNode expected =
          VersionConversion.convert(
              serialization.convertValue(stored, JsonNode.class), PowerApi.API_VERSION);
      HasMetadata want = serialization.convertValue(expected, type(example));
      HasMetadata cached =
          all.stream()
              .map(i -> (HasMetadata) i.getStore().getByKey(NS + "/" + name(example)))
              .filter(o -> o != null && o.getClass() == type(example))
              .findFirst()
              .orElseThrow();
      assertThat(cached.getApiVersion()).isEqualTo(PowerApi.API_VERSION);
      assertThat(json(cached, "spec")).as(name(example)).isEqualTo(json(want, "spec"));
      assertThat(cached.getMetadata().getAnnotations())
          .as(name(example))
          .isEqualTo(want.getMetadata().getAnnotations());
    }
    assertThat(events).isEmpty();
  }

  @Test
  void anObjectThatCannotBeConvertedIsLeftOutAndTheInformerKeepsRunning() {
    // Given a v1 workload whose reservedCPUs has a shape neither version allows
    GenericKubernetesResource bad =
        serialization.convertValue(
            Map.of(
                "apiVersion",
                PowerApi.STORAGE_API_VERSION,
                "kind",
                "PowerWorkload",
                "metadata",
                Map.of("name", "bad", "namespace", NS),
                "spec",
                Map.of("name", "bad", "allCores", true, "reservedCPUs", "0-3")),
            GenericKubernetesResource.class);
    try (KubernetesClient storage = api.mock().createClient()) { // around the schema
      storage
          .genericKubernetesResources(StorageVersion.context(PowerWorkload.class))
          .inNamespace(NS)
          .resource(bad)
          .create();
    }

    // When
    informers.workloads();
    informers.start().join();

    // Then
    assertThat(informers.workloads().getStore().list()).isEmpty();
    assertThat(informers.healthy()).isTrue();
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).startsWith("cannot convert this PowerWorkload"));
  }

  @Test
  void aStatusWriteLandsAtV1WithNothingLost() throws Exception {
    // Given a PowerNode created through the adapter
    PowerNode node = new PowerNode();
    node.setMetadata(new ObjectMetaBuilder().withName("node-a").withNamespace(NS).build());
    node.setSpec(new PowerNodeSpec("node-a"));
    PowerNode created = StorageVersion.create(client, node);

    // When its status is written as the agent writes it
    PowerNodeStatus status = new PowerNodeStatus();
    status.setActiveProfiles(Map.of("performance", true));
    status.setActiveWorkloads(List.of(new ActiveWorkload("performance-node-a", List.of(2, 3))));
    status.setSharedPools(List.of(new SharedPool("Shared", List.of(1, 4, 5, 6, 7))));
    status.setReservedCPUs("0");
    status.setAllocatableCPUs("1-7");
    status.setHeartbeat("2026-12-06T07:00:00Z");
    StorageVersion.editStatus(
        client,
        PowerNode.class,
        NS,
        "node-a",
        pn -> {
          pn.setStatus(status);
          return pn;
        });

    // Then the v1 store holds it (nothing at v1alpha1), and it reads back unchanged
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(client.resources(PowerNode.class).inNamespace(NS).list().getItems()).isEmpty();
    GenericKubernetesResource stored =
        StorageVersion.resources(client, PowerNode.class, NS).withName("node-a").get();
    assertThat(stored.getApiVersion()).isEqualTo(PowerApi.STORAGE_API_VERSION);
    // v1 readers see Intel's powerNodeCPUState beside our status
    assertThat(
            serialization
                .convertValue(stored, JsonNode.class)
                .path("status")
                .path("powerNodeCPUState")
                .path("sharedPool")
                .toString())
        .isEqualTo("[1,4,5,6,7]");
    PowerNode back = StorageVersion.get(client, PowerNode.class, NS, "node-a");
    assertThat(serialization.asJson(back.getStatus())).isEqualTo(serialization.asJson(status));
    informers.powerNodes();
    informers.start().join();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        serialization.asJson(
                            informers.powerNodes().getStore().getByKey(NS + "/node-a").getStatus()))
                    .isEqualTo(serialization.asJson(status)));
  }

  @Test
  void anAgentsWorkloadIsStoredInV1ShapeAndReadsBackUnchanged() throws Exception {
    // Given the spec the agent writes for a node's exclusive pods (v1alpha1 model)
    WorkloadContainer container = new WorkloadContainer();
    container.setName("app");
    container.setId("containerd://abc");
    container.setPod("web-0");
    container.setNamespace("default");
    container.setPodUID("uid-1");
    container.setPowerProfile("performance");
    container.setExclusiveCPUs(List.of(2, 3));
    WorkloadNodeInfo info = new WorkloadNodeInfo();
    info.setName("node-a");
    info.setCpuIds(List.of(2, 3));
    info.setContainers(List.of(container));
    PowerWorkloadSpec spec = new PowerWorkloadSpec();
    spec.setName("performance-node-a");
    spec.setPowerProfile("performance");
    spec.setNodeInfo(info);
    PowerWorkload workload = new PowerWorkload();
    workload.setMetadata(
        new ObjectMetaBuilder().withName("performance-node-a").withNamespace(NS).build());
    workload.setSpec(spec);

    // When
    StorageVersion.create(client, workload);

    // Then it is stored at v1 in Intel's shape, and our model reads back what was written
    JsonNode stored =
        serialization.convertValue(
            StorageVersion.resources(client, PowerWorkload.class, NS)
                .withName("performance-node-a")
                .get(),
            JsonNode.class);
    assertThat(stored.path("spec").has("nodeInfo")).isFalse();
    assertThat(stored.path("spec").path("workloadNodes").path("cpuIds").toString())
        .isEqualTo("[2,3]");
    assertThat(
            serialization.asJson(
                StorageVersion.get(client, PowerWorkload.class, NS, "performance-node-a")
                    .getSpec()))
        .isEqualTo(serialization.asJson(spec));
  }

  private static List<ObjectNode> examples() throws IOException {
    List<ObjectNode> all = new ArrayList<>();
    for (Path dir :
        List.of(Path.of("../examples"), Path.of("src/test/resources/conversion/intel-v2.5.0"))) {
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      }
      for (Path file : files) {
        try (MappingIterator<JsonNode> it =
            YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (it.hasNext()) {
            if (it.next() instanceof ObjectNode o
                && VersionConversion.KINDS.contains(o.path("kind").asString(""))
                && VersionConversion.isConvertible(o.path("apiVersion").asString(""))) {
              ObjectNode metadata = (ObjectNode) o.get("metadata");
              metadata.put("namespace", NS);
              all.add(o);
            }
          }
        }
      }
    }
    // one object per kind and name: later files win, as kubectl apply would leave them
    Map<String, ObjectNode> byKey = new java.util.LinkedHashMap<>();
    all.forEach(o -> byKey.put(o.path("kind").asString() + "/" + name(o), o));
    return new ArrayList<>(byKey.values());
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asString();
  }

  private static Class<? extends HasMetadata> type(JsonNode object) {
    return switch (object.path("kind").asString()) {
      case "PowerConfig" -> PowerConfig.class;
      case "PowerProfile" -> PowerProfile.class;
      case "PowerWorkload" -> PowerWorkload.class;
      default -> PowerNode.class;
    };
  }

  private String json(HasMetadata object, String field) {
    return serialization.convertValue(object, JsonNode.class).path(field).toString();
  }
}
