package io.powermanager.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Background garbage collection of dependents, as kube-controller-manager does it. */
class GarbageCollectorIT {
  @RegisterExtension static final ApiServerExtension server = new ApiServerExtension();

  @AfterEach
  void clean() {
    server.client().configMaps().inNamespace("default").delete();
    server.client().nodes().delete();
  }

  @Test
  void deletingAnOwnerDeletesItsDependentsTransitively() {
    // Given a chain owner <- child <- grandchild
    ConfigMap owner = configMap("owner");
    ConfigMap child = configMap("child", ref(owner));
    configMap("grandchild", ref(child));

    // When the owner is deleted
    server.client().configMaps().inNamespace("default").withName("owner").delete();

    // Then the collector, woken by the deletion, removes the whole chain
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(names()).isEmpty());
  }

  @Test
  void aDependentWithAnotherOwnerLeftIsKept() {
    // Given a dependent of two owners
    ConfigMap first = configMap("first");
    ConfigMap second = configMap("second");
    configMap("shared", ref(first), ref(second));

    // When only one owner is deleted
    server.client().configMaps().inNamespace("default").withName("first").delete();
    server.api().collectGarbage();

    // Then the dependent stays, with its other owner
    assertThat(names()).containsExactlyInAnyOrder("second", "shared");
  }

  @Test
  void aClusterScopedOwnerCollectsANamespacedDependent() {
    // Given a Node owning a namespaced object
    Node node =
        server
            .client()
            .nodes()
            .resource(
                new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata().build())
            .create();
    configMap("of-worker-1", ref(node));

    // When the Node is deleted and the collector runs
    server.client().nodes().withName("worker-1").delete();
    server.api().collectGarbage();

    // Then the dependent is gone
    assertThat(names()).isEmpty();
  }

  @Test
  void anObjectCreatedWithAnOwnerThatDoesNotExistIsCollected() {
    // Given an owner, and a dependent that names it with another uid
    ConfigMap owner = configMap("owner");
    OwnerReference stale = new OwnerReferenceBuilder(ref(owner)).withUid("not-the-owner").build();
    configMap("orphan", stale);

    // When the collector runs
    server.api().collectGarbage();

    // Then only the dependent of the missing owner is deleted
    assertThat(names()).containsExactly("owner");
  }

  @Test
  void anOwnerOfAKindNotServedKeepsItsDependent() {
    // Given a dependent whose owner's kind the server does not know
    OwnerReference unknown =
        new OwnerReferenceBuilder()
            .withApiVersion("example.com/v1")
            .withKind("Widget")
            .withName("w")
            .withUid("123")
            .build();
    configMap("of-a-widget", unknown);

    // When the collector runs
    int collected = server.api().collectGarbage();

    // Then it is kept: the owner cannot be looked up
    assertThat(collected).isZero();
    assertThat(names()).containsExactly("of-a-widget");
  }

  private static ConfigMap configMap(String name, OwnerReference... owners) {
    return server
        .client()
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withOwnerReferences(owners)
                .endMetadata()
                .build())
        .create();
  }

  private static OwnerReference ref(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .build();
  }

  private static List<String> names() {
    return server.client().configMaps().inNamespace("default").list().getItems().stream()
        .map(c -> c.getMetadata().getName())
        .filter(n -> !n.equals("kube-root-ca.crt"))
        .toList();
  }
}
