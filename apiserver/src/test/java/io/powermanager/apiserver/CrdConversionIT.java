package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CRD serving v1 (storage) and v1alpha1 with a conversion webhook, as kube-apiserver treats it:
 * discovery prefers v1; v1alpha1 reads, writes, lists and watch events go through the webhook (a
 * test webhook renaming {@code spec.size} ⇔ {@code spec.replicas}); with the webhook unreachable,
 * v1alpha1 requests fail with kube-apiserver's message and v1 keeps working.
 */
class CrdConversionIT {
  private static EmbeddedApiServer api;
  private static KubernetesClient client;
  private static TestWebhook webhook;

  @BeforeAll
  static void start() throws IOException {
    webhook = TestWebhook.start();
    webhook.respond(CrdConversionIT::convert);
    api =
        EmbeddedApiServer.start(
            ApiServerOptions.defaults()
                .withCrdConversion(true)
                .withService("tools", "converter", webhook.url("")));
    client = api.client();
    client.resource(crd("widgets", "Widget", webhook.url("/convert"))).create();
    client.resource(crd("gadgets", "Gadget", "https://127.0.0.1:1/convert")).create();
    client.resource(crd("sprockets", "Sprocket", service("tools", "converter"))).create();
    client.resource(crd("cogs", "Cog", service("tools", "elsewhere"))).create();
  }

  @AfterAll
  static void stop() {
    webhook.close();
    api.close();
  }

  @Test
  void discoveryServesBothVersionsAndPrefersV1() {
    // When
    var group =
        client.getApiGroups().getGroups().stream()
            .filter(g -> g.getName().equals("example.com"))
            .findFirst()
            .orElseThrow();

    // Then
    assertThat(group.getPreferredVersion().getVersion()).isEqualTo("v1");
    assertThat(group.getVersions())
        .extracting(v -> v.getVersion())
        .containsExactly("v1", "v1alpha1");
  }

  @Test
  void aV1alpha1WriteIsStoredAsV1AndReadsBackInEitherVersion() {
    // Given
    GenericKubernetesResource w = widget("example.com/v1alpha1", "w1", "size", 3);

    // When
    GenericKubernetesResource created =
        client.genericKubernetesResources("example.com/v1alpha1", "Widget").resource(w).create();
    GenericKubernetesResource asV1 =
        client
            .genericKubernetesResources("example.com/v1", "Widget")
            .inNamespace("default")
            .withName("w1")
            .get();
    List<GenericKubernetesResource> listed =
        client
            .genericKubernetesResources("example.com/v1alpha1", "Widget")
            .inNamespace("default")
            .list()
            .getItems();

    // Then
    assertThat(created.getApiVersion()).isEqualTo("example.com/v1alpha1");
    assertThat(spec(created)).containsEntry("size", 3);
    assertThat(asV1.getApiVersion()).isEqualTo("example.com/v1");
    assertThat(spec(asV1)).containsEntry("replicas", 3).doesNotContainKey("size");
    assertThat(listed)
        .filteredOn(i -> i.getMetadata().getName().equals("w1"))
        .singleElement()
        .satisfies(i -> assertThat(spec(i)).containsEntry("size", 3));
    assertThat(webhook.reviews())
        .as("the v1alpha1 create, get-back and list went through the webhook")
        .isNotEmpty();
  }

  @Test
  void aWatchOnV1alpha1StreamsConvertedEvents() {
    // Given
    List<GenericKubernetesResource> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        client
            .genericKubernetesResources("example.com/v1alpha1", "Widget")
            .inNamespace("default")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    seen.add(resource);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      // When
      client
          .genericKubernetesResources("example.com/v1", "Widget")
          .resource(widget("example.com/v1", "w2", "replicas", 5))
          .create();

      // Then
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .filteredOn(r -> r.getMetadata().getName().equals("w2"))
                      .singleElement()
                      .satisfies(
                          r -> {
                            assertThat(r.getApiVersion()).isEqualTo("example.com/v1alpha1");
                            assertThat(spec(r)).containsEntry("size", 5);
                          }));
    }
  }

  @Test
  void withTheWebhookDownV1alpha1FailsClearlyAndV1KeepsWorking() {
    // Given: the gadgets' webhook is unreachable
    var v1 = client.genericKubernetesResources("example.com/v1", "Gadget").inNamespace("default");
    GenericKubernetesResource gadget = widget("example.com/v1", "g1", "replicas", 1);
    gadget.setKind("Gadget");
    v1.resource(gadget).create();

    // When / Then
    assertThat(v1.withName("g1").get().getApiVersion()).isEqualTo("example.com/v1");
    assertThatThrownBy(
            () ->
                client
                    .genericKubernetesResources("example.com/v1alpha1", "Gadget")
                    .inNamespace("default")
                    .withName("g1")
                    .get())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("conversion webhook for example.com/v1, Kind=Gadget failed")
        .hasMessageContaining("https://127.0.0.1:1/convert");
  }

  @Test
  void garbageCollectionNeedsNoConversionWebhook() {
    // Given: a CRD listing its served version first (as the chart's do), its webhook unreachable,
    // one object of it, and a ConfigMap owned by another ConfigMap
    CustomResourceDefinition bolts = crd("bolts", "Bolt", "https://127.0.0.1:1/convert");
    Collections.reverse(bolts.getSpec().getVersions());
    client.resource(bolts).create();
    var v1 = client.genericKubernetesResources("example.com/v1", "Bolt").inNamespace("default");
    GenericKubernetesResource bolt = widget("example.com/v1", "b1", "replicas", 1);
    bolt.setKind("Bolt");
    v1.resource(bolt).create();
    var configMaps = client.configMaps().inNamespace("default");
    String owner =
        configMaps
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
            .create()
            .getMetadata()
            .getUid();
    configMaps
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("owned")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("owner")
                .withUid(owner)
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();

    // When: the owner is deleted
    configMaps.withName("owner").delete();

    // Then: the collector sweeps in the storage version, as kube-apiserver's metadata-only reads
    // do, so the unreachable webhook does not stop it
    await().atMost(Duration.ofSeconds(10)).until(() -> configMaps.withName("owned").get() == null);
  }

  @Test
  void aServiceResolvesToItsRegisteredUrlAndAnUnknownOneFailsClearly() {
    // Given CRDs whose webhook is a Service: one registered with the stand-in, one not
    GenericKubernetesResource sprocket = widget("example.com/v1alpha1", "s1", "size", 2);
    sprocket.setKind("Sprocket");
    GenericKubernetesResource cog = widget("example.com/v1alpha1", "c1", "size", 2);
    cog.setKind("Cog");

    // When
    client
        .genericKubernetesResources("example.com/v1alpha1", "Sprocket")
        .inNamespace("default")
        .resource(sprocket)
        .create();

    // Then the registered one converted it (stored as v1, replicas), the other fails clearly
    assertThat(
            spec(
                client
                    .genericKubernetesResources("example.com/v1", "Sprocket")
                    .inNamespace("default")
                    .withName("s1")
                    .get()))
        .containsEntry("replicas", 2);
    assertThatThrownBy(
            () ->
                client
                    .genericKubernetesResources("example.com/v1alpha1", "Cog")
                    .inNamespace("default")
                    .resource(cog)
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("conversion webhook for example.com/v1alpha1, Kind=Cog failed")
        .hasMessageContaining("service \"elsewhere.tools.svc\" is not reachable");
  }

  private static String service(String namespace, String name) {
    return "service:" + namespace + "/" + name;
  }

  /** The test webhook's answer: each object in the desired version, size ⇔ replicas. */
  private static ObjectNode convert(TestWebhook.Call call) {
    String desired = call.request().path("desiredAPIVersion").asString();
    ObjectNode response = Json.object();
    ArrayNode converted = response.putArray("convertedObjects");
    for (JsonNode object : call.request().path("objects")) {
      ObjectNode o = (ObjectNode) object.deepCopy();
      ObjectNode spec = (ObjectNode) o.path("spec");
      boolean toV1 = desired.endsWith("/v1");
      String from = toV1 ? "size" : "replicas";
      String to = toV1 ? "replicas" : "size";
      if (spec.has(from)) {
        spec.set(to, spec.remove(from));
      }
      o.put("apiVersion", desired);
      converted.add(o);
    }
    response.putObject("result").put("status", "Success");
    return response;
  }

  private static GenericKubernetesResource widget(
      String apiVersion, String name, String field, int value) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(apiVersion);
    r.setKind("Widget");
    r.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace("default")
            .build());
    r.setAdditionalProperty("spec", Map.of(field, value));
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  private static CustomResourceDefinition crd(String plural, String kind, String url) {
    String schema =
        "schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}";
    return Serialization.unmarshal(
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %1$s.example.com}
        spec:
          group: example.com
          names: {kind: %2$s, plural: %1$s, singular: %3$s}
          scope: Namespaced
          conversion:
            strategy: Webhook
            webhook:
              conversionReviewVersions: [v1]
              clientConfig: {%4$s, caBundle: "%5$s"}
          versions:
          - {name: v1, served: true, storage: true, %6$s}
          - {name: v1alpha1, served: true, storage: false, %6$s}
        """
            .formatted(
                plural,
                kind,
                kind.toLowerCase(),
                url.startsWith("service:")
                    ? "service: {namespace: %s, name: %s, path: /convert, port: 443}"
                        .formatted(url.substring(8).split("/")[0], url.substring(8).split("/")[1])
                    : "url: \"" + url + "\"",
                webhook.caBundle(),
                schema),
        CustomResourceDefinition.class);
  }
}
