package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fabric8 client (Vert.x 5 HTTP client) against the front, as agents and reconcilers use it.
 */
class Fabric8ClientIT {
  private static EmbeddedApiServer api;
  private static KubernetesClient client;

  private static final ResourceDefinitionContext PROFILES =
      new ResourceDefinitionContext.Builder()
          .withGroup("power.intel.com")
          .withVersion("v1alpha1")
          .withPlural("powerprofiles")
          .withKind("PowerProfile")
          .withNamespaced(true)
          .build();

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(ApiServerOptions.defaults());
    client = api.client();
    client.apiextensions().v1().customResourceDefinitions().resource(profileCrd()).create();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void clean() {
    api.faults().clear();
    client.pods().inAnyNamespace().delete();
    client.configMaps().inNamespace("default").delete();
  }

  @Test
  void createsPodWithApiServerDefaults() {
    // Given a pod whose container has limits but no requests
    Pod pod = pod("defaults", null);
    pod.getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .setLimits(
            Map.of(
                "cpu",
                new Quantity("2"),
                "memory",
                new Quantity("1Gi"),
                "power.intel.com/performance",
                new Quantity("2")));

    // When it is created
    Pod created = client.pods().inNamespace("default").resource(pod).create();

    // Then the API server's defaults are in place
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotEmpty();
    assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(created.getStatus().getQosClass()).isEqualTo("Guaranteed");
    assertThat(created.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
    assertThat(created.getSpec().getContainers().get(0).getResources().getRequests())
        .containsEntry("power.intel.com/performance", new Quantity("2"))
        .containsEntry("cpu", new Quantity("2"));
  }

  @Test
  void namesObjectsFromGenerateName() {
    // Given a config map with only generateName
    ConfigMap cm =
        new ConfigMapBuilder().withNewMetadata().withGenerateName("gen-").endMetadata().build();

    // When it is created
    ConfigMap created = client.configMaps().inNamespace("default").resource(cm).create();

    // Then it gets a kube-style random suffix
    assertThat(created.getMetadata().getName()).matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void readsUpdatesPatchesAndDeletes() {
    // Given a config map
    client.configMaps().inNamespace("default").resource(configMap("crud", "a", "1")).create();

    // When it is updated, merge-patched, JSON-patched and strategic-merge-patched
    ConfigMap fetched = client.configMaps().inNamespace("default").withName("crud").get();
    fetched.getData().put("b", "2");
    client.configMaps().inNamespace("default").resource(fetched).update();
    client
        .configMaps()
        .inNamespace("default")
        .withName("crud")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"c\":\"3\"}}");
    client
        .configMaps()
        .inNamespace("default")
        .withName("crud")
        .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/data/a\"}]");
    client
        .configMaps()
        .inNamespace("default")
        .withName("crud")
        .patch(
            PatchContext.of(PatchType.STRATEGIC_MERGE),
            "{\"metadata\":{\"labels\":{\"l\":\"x\"}}}");

    // Then every change is stored, and delete removes it
    ConfigMap result = client.configMaps().inNamespace("default").withName("crud").get();
    assertThat(result.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("b", "2", "c", "3"));
    assertThat(result.getMetadata().getLabels()).containsEntry("l", "x");
    assertThat(client.configMaps().inNamespace("default").withName("crud").delete()).hasSize(1);
    assertThat(client.configMaps().inNamespace("default").withName("crud").get()).isNull();
  }

  @Test
  void strategicMergeKeepsTheOtherContainers() {
    // Given a pod with two containers
    Pod pod = pod("smp", null);
    pod.getSpec()
        .getContainers()
        .add(
            new PodBuilder()
                .editOrNewSpec()
                .addNewContainer()
                .withName("b")
                .withImage("busybox:1.36")
                .endContainer()
                .endSpec()
                .build()
                .getSpec()
                .getContainers()
                .get(0));
    client.pods().inNamespace("default").resource(pod).create();

    // When a strategic merge patch changes one container's image
    client
        .pods()
        .inNamespace("default")
        .withName("smp")
        .patch(
            PatchContext.of(PatchType.STRATEGIC_MERGE),
            "{\"spec\":{\"containers\":[{\"name\":\"b\",\"image\":\"nginx:1.27\"}]}}");

    // Then the other container is untouched
    Pod patched = client.pods().inNamespace("default").withName("smp").get();
    assertThat(patched.getSpec().getContainers())
        .extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("c=busybox:1.36", "b=nginx:1.27");
  }

  @Test
  void informerWithNodeFieldSelectorSeesOnlyItsNodesPods() {
    // Given an informer on pods of node-1 in every namespace
    List<String> events = new CopyOnWriteArrayList<>();
    SharedIndexInformer<Pod> informer =
        client
            .pods()
            .inAnyNamespace()
            .withField("spec.nodeName", "node-1")
            .inform(recorder(events));
    try {
      await().until(informer::hasSynced);

      // When a pod is created unbound, then bound to node-1, labelled and deleted,
      // and another pod is created on node-2
      client.pods().inNamespace("default").resource(pod("mine", null)).create();
      ClusterFixtures.bind(client, "mine", "node-1");
      client
          .pods()
          .inNamespace("default")
          .withName("mine")
          .edit(
              p ->
                  new PodBuilder(p)
                      .editMetadata()
                      .addToLabels("seen", "yes")
                      .endMetadata()
                      .build());
      client.pods().inNamespace("default").resource(pod("other", "node-2")).create();
      client.pods().inNamespace("default").withName("mine").delete();

      // Then the informer sees exactly the life of the pod on node-1
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(events).containsExactly("add:mine", "update:mine", "delete:mine"));
      assertThat(informer.getStore().list()).isEmpty();
    } finally {
      informer.stop();
    }
  }

  @Test
  void informerOverPlainHttpWatchSeesEvents() {
    // Given a client that only uses HTTP streaming watches
    try (KubernetesClient httpOnly =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(api.clientConfig()).withOnlyHttpWatches(true).build())
            .build()) {
      List<String> events = new CopyOnWriteArrayList<>();
      SharedIndexInformer<ConfigMap> informer =
          httpOnly
              .configMaps()
              .inNamespace("default")
              .withLabel("app", "watched")
              .inform(recorder(events));
      try {
        await().until(informer::hasSynced);

        // When matching and non-matching config maps come and go
        client
            .configMaps()
            .inNamespace("default")
            .resource(configMap("w1", "k", "v", "app", "watched"))
            .create();
        client
            .configMaps()
            .inNamespace("default")
            .resource(configMap("w2", "k", "v", "app", "other"))
            .create();
        client.configMaps().inNamespace("default").withName("w1").delete();

        // Then only the matching one is seen
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(events).containsExactly("add:w1", "delete:w1"));
      } finally {
        informer.stop();
      }
    }
  }

  @Test
  void leasesSupportLeaderElectionWrites() {
    // Given a lease held by a
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName("leader")
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity("a")
            .withLeaseDurationSeconds(15)
            .withAcquireTime(ZonedDateTime.now())
            .withRenewTime(ZonedDateTime.now())
            .endSpec()
            .build();
    Lease created = client.leases().inNamespace("default").resource(lease).create();

    // When b takes it over with the current resourceVersion
    created.getSpec().setHolderIdentity("b");
    Lease updated = client.leases().inNamespace("default").resource(created).update();

    // Then the update lands, and a write with the stale resourceVersion conflicts
    assertThat(updated.getSpec().getHolderIdentity()).isEqualTo("b");
    created.getSpec().setHolderIdentity("c");
    assertThatThrownBy(() -> client.leases().inNamespace("default").resource(created).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void leaderElectorAcquiresAndRenewsTheLease() {
    // Given fabric8's leader elector on a Lease lock
    java.util.concurrent.atomic.AtomicBoolean leading =
        new java.util.concurrent.atomic.AtomicBoolean();
    var config =
        new io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder()
            .withName("power-manager")
            .withLeaseDuration(Duration.ofSeconds(3))
            .withRenewDeadline(Duration.ofSeconds(2))
            .withRetryPeriod(Duration.ofMillis(200))
            .withLock(
                new io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock(
                    "default", "power-manager-leader", "replica-a"))
            .withLeaderCallbacks(
                new io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks(
                    () -> leading.set(true), () -> leading.set(false), leader -> {}))
            .build();
    var election = client.leaderElector().withConfig(config).build().start();
    try {
      // When it runs
      await().atMost(Duration.ofSeconds(10)).untilTrue(leading);
      String firstRenew =
          client
              .leases()
              .inNamespace("default")
              .withName("power-manager-leader")
              .get()
              .getSpec()
              .getRenewTime()
              .toString();

      // Then it holds the lease and keeps renewing it
      assertThat(
              client
                  .leases()
                  .inNamespace("default")
                  .withName("power-manager-leader")
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isEqualTo("replica-a");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .leases()
                              .inNamespace("default")
                              .withName("power-manager-leader")
                              .get()
                              .getSpec()
                              .getRenewTime()
                              .toString())
                      .isNotEqualTo(firstRenew));
    } finally {
      election.cancel(true);
    }
  }

  @Test
  void statusSubresourceSeparatesSpecAndStatus() {
    // Given a custom resource
    GenericKubernetesResource profile =
        client
            .genericKubernetesResources(PROFILES)
            .inNamespace("default")
            .resource(profile("eco", 2000))
            .create();
    assertThat(profile.getMetadata().getGeneration()).isEqualTo(1L);

    // When its status is written, then its spec
    profile.setAdditionalProperty("status", Map.of("state", "ready"));
    GenericKubernetesResource afterStatus =
        client
            .genericKubernetesResources(PROFILES)
            .inNamespace("default")
            .resource(profile)
            .updateStatus();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        (Map<String, Object>) afterStatus.getAdditionalProperties().get("spec");
    spec.put("max", 2400);
    GenericKubernetesResource afterSpec =
        client
            .genericKubernetesResources(PROFILES)
            .inNamespace("default")
            .resource(afterStatus)
            .update();

    // Then the status write kept the generation, the spec write bumped it and kept the status
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(afterSpec.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("state", "ready"));
  }

  @Test
  void finalizersHoldDeletionUntilRemoved() {
    // Given a config map with a finalizer
    ConfigMap cm = configMap("held", "a", "1");
    cm.getMetadata().setFinalizers(List.of("power.intel.com/restore"));
    client.configMaps().inNamespace("default").resource(cm).create();

    // When it is deleted
    client.configMaps().inNamespace("default").withName("held").delete();

    // Then it stays, marked for deletion, until its last finalizer goes
    ConfigMap marked = client.configMaps().inNamespace("default").withName("held").get();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotEmpty();
    client
        .configMaps()
        .inNamespace("default")
        .withName("held")
        .edit(
            c ->
                new ConfigMapBuilder(c)
                    .editMetadata()
                    .withFinalizers(List.of())
                    .endMetadata()
                    .build());
    assertThat(client.configMaps().inNamespace("default").withName("held").get()).isNull();
  }

  @Test
  void countsRequestsByVerbAndResource() {
    // Given a config map and an empty log
    client.configMaps().inNamespace("default").resource(configMap("counted", "a", "1")).create();
    api.requests().reset();

    // When it is read twice and written once
    client.configMaps().inNamespace("default").withName("counted").get();
    ConfigMap cm = client.configMaps().inNamespace("default").withName("counted").get();
    cm.getData().put("a", "2");
    client.configMaps().inNamespace("default").resource(cm).update();

    // Then the log says so
    assertThat(api.requests().count("get", "configmaps")).isEqualTo(2);
    assertThat(api.requests().count("update", "configmaps")).isEqualTo(1);
    assertThat(api.requests().writes()).isEqualTo(1);
  }

  @Test
  void injectedConflictAnswersOnceThenTheWriteSucceeds() {
    // Given a config map and one injected conflict on its update
    client.configMaps().inNamespace("default").resource(configMap("contested", "a", "1")).create();
    api.faults().failNext("update", "configmaps", "contested", 409);
    ConfigMap cm = client.configMaps().inNamespace("default").withName("contested").get();
    cm.getData().put("a", "2");

    // When it is updated twice
    // Then the first update gets the 409 Conflict and the retry lands
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(cm).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
            });
    client.configMaps().inNamespace("default").resource(cm).update();
    assertThat(client.configMaps().inNamespace("default").withName("contested").get().getData())
        .containsEntry("a", "2");
    assertThat(api.faults().pending()).isZero();
  }

  @Test
  void dryRunCreateIsNotPersisted() {
    // When a config map is created with dryRun=All
    ConfigMap answer =
        client
            .configMaps()
            .inNamespace("default")
            .resource(configMap("dry", "a", "1"))
            .dryRun()
            .create();

    // Then the answer is the object, but nothing is stored
    assertThat(answer.getMetadata().getName()).isEqualTo("dry");
    assertThat(client.configMaps().inNamespace("default").withName("dry").get()).isNull();
  }

  @Test
  void answersProtobufBodiesWith415() throws Exception {
    // When a protobuf body is posted
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces"))
                    .header("Content-Type", "application/vnd.kubernetes.protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'k', '8', 's', 0}))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // Then the answer is a 415 Status in JSON
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).contains("\"reason\":\"UnsupportedMediaType\"");
  }

  @Test
  void notFoundIsAKubernetesStatus() {
    // When a missing object is deleted
    // Then the client sees a 404 with the API server's wording
    assertThatThrownBy(() -> client.pods().inNamespace("default").withName("ghost").edit(p -> p))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(404);
              assertThat(e.getStatus().getMessage()).isEqualTo("pods \"ghost\" not found");
            });
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata>
      ResourceEventHandler<T> recorder(List<String> events) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        events.add("add:" + obj.getMetadata().getName());
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (!oldObj
            .getMetadata()
            .getResourceVersion()
            .equals(newObj.getMetadata().getResourceVersion())) {
          events.add("update:" + newObj.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        events.add("delete:" + obj.getMetadata().getName());
      }
    };
  }

  static Pod pod(String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("c")
        .withImage("busybox:1.36")
        .withNewResources()
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static ConfigMap configMap(String name, String key, String value, String... labels) {
    ConfigMapBuilder b =
        new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData(key, value);
    for (int i = 0; i < labels.length; i += 2) {
      b.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
    }
    return b.build();
  }

  private static GenericKubernetesResource profile(String name, int max) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("power.intel.com/v1alpha1")
        .withKind("PowerProfile")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("name", name, "max", max))
        .build();
  }

  static CustomResourceDefinition profileCrd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("powerprofiles.power.intel.com")
        .endMetadata()
        .withNewSpec()
        .withGroup("power.intel.com")
        .withScope("Namespaced")
        .withNewNames()
        .withPlural("powerprofiles")
        .withSingular("powerprofile")
        .withKind("PowerProfile")
        .withShortNames("pp")
        .endNames()
        .addNewVersion()
        .withName("v1alpha1")
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .addNewAdditionalPrinterColumn()
        .withName("Max")
        .withType("integer")
        .withJsonPath(".spec.max")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("Age")
        .withType("date")
        .withJsonPath(".metadata.creationTimestamp")
        .endAdditionalPrinterColumn()
        .endVersion()
        .endSpec()
        .build();
  }
}
