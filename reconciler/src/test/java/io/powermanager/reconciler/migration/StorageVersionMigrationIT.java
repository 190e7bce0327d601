package io.powermanager.reconciler.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upgrade from a cluster whose power CRD still lists v1alpha1 in {@code status.storedVersions}:
 * every object is re-written once, then storedVersions is {@code [v1]}; a second pass does nothing;
 * nothing is lost.
 */
@EnableKubernetesMockClient(crud = true)
class StorageVersionMigrationIT {

  private static final String CRD = "powerprofiles.power.intel.com";

  KubernetesClient client;

  @BeforeEach
  void installCrdStoredAsV1alpha1() {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: powerprofiles.power.intel.com}
            spec:
              group: power.intel.com
              names: {kind: PowerProfile, plural: powerprofiles, singular: powerprofile}
              scope: Namespaced
              versions:
              - {name: v1, served: true, storage: true, subresources: {status: {}}}
              - {name: v1alpha1, served: true, storage: false, subresources: {status: {}}}
            """,
            CustomResourceDefinition.class);
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(CRD)
        .editStatus(
            c -> {
              c.setStatus(
                  new io.fabric8.kubernetes.api.model.apiextensions.v1
                      .CustomResourceDefinitionStatus());
              c.getStatus().setStoredVersions(new ArrayList<>(List.of("v1alpha1", "v1")));
              return c;
            });
    for (String name : List.of("performance", "shared", "eco")) {
      GenericKubernetesResource profile = new GenericKubernetesResource();
      profile.setApiVersion("power.intel.com/v1");
      profile.setKind("PowerProfile");
      profile.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("power").build());
      profile.setAdditionalProperty("spec", Map.of("name", name, "epp", "power"));
      client
          .genericKubernetesResources("power.intel.com/v1", "PowerProfile")
          .resource(profile)
          .create();
    }
  }

  @Test
  void rewritesEveryObjectOnceThenStoresOnlyV1() {
    // Given
    StorageVersionMigration migration =
        new StorageVersionMigration(client, "power", List.of(CRD, "powernodes.power.intel.com"));
    List<String> before = resourceVersions();

    // When
    List<StorageVersionMigration.Outcome> first = migration.migrateOnce();
    List<String> afterFirst = resourceVersions();
    List<StorageVersionMigration.Outcome> second = migration.migrateOnce();

    // Then
    assertThat(first)
        .containsExactly(new StorageVersionMigration.Outcome(CRD, List.of("v1alpha1", "v1"), 3));
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(CRD)
                .get()
                .getStatus()
                .getStoredVersions())
        .containsExactly("v1");
    // (the mock keeps resourceVersion on an unchanged update; the count is in the outcome)
    assertThat(afterFirst).hasSize(before.size());
    assertThat(second).isEmpty();
    assertThat(resourceVersions()).isEqualTo(afterFirst);
    assertThat(
            client
                .genericKubernetesResources("power.intel.com/v1", "PowerProfile")
                .inNamespace("power")
                .withName("shared")
                .get()
                .getAdditionalProperties()
                .get("spec"))
        .isEqualTo(Map.of("name", "shared", "epp", "power"));
  }

  private List<String> resourceVersions() {
    return client
        .genericKubernetesResources("power.intel.com/v1", "PowerProfile")
        .inNamespace("power")
        .list()
        .getItems()
        .stream()
        .map(r -> r.getMetadata().getResourceVersion())
        .sorted()
        .toList();
  }
}
