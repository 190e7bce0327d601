package io.powermanager.reconciler.migration;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job of kube-storage-version-migrator, done by the leader at start for the power CRDs: while a
 * CRD's {@code status.storedVersions} lists a version other than its storage version (objects
 * written by power-manager ≤ 0.1 are stored as v1alpha1), every object of the kind in the power
 * namespace is re-written once in the storage version (an unchanged update: the API server
 * re-encodes it), then {@code storedVersions} is set to the storage version alone. Idempotent: a
 * CRD already at {@code [v1]} costs one GET; an object deleted meanwhile is skipped, one changed
 * meanwhile (409) was re-written by its writer. Not thread-safe; run one at a time.
 */
public final class StorageVersionMigration {

  private static final Logger LOGGER = LoggerFactory.getLogger(StorageVersionMigration.class);
  private static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final List<String> crdNames;

  /** What one pass did to one CRD. */
  public record Outcome(String crd, List<String> storedVersionsBefore, int rewritten) {}

  public StorageVersionMigration(KubernetesClient client, String namespace, List<String> crdNames) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.crdNames = List.copyOf(crdNames);
  }

  /** One pass over every CRD; only CRDs that needed migrating appear in the result. */
  public List<Outcome> migrateOnce() {
    List<Outcome> outcomes = new ArrayList<>();
    for (String name : crdNames) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      if (crd == null) {
        continue;
      }
      String storage = storageVersion(crd);
      List<String> stored =
          crd.getStatus() == null || crd.getStatus().getStoredVersions() == null
              ? List.of()
              : List.copyOf(crd.getStatus().getStoredVersions());
      if (storage == null || stored.isEmpty() || stored.equals(List.of(storage))) {
        continue;
      }
      int rewritten = rewriteAll(crd, storage);
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .editStatus(
              latest -> {
                latest.getStatus().setStoredVersions(new ArrayList<>(List.of(storage)));
                return latest;
              });
      LOGGER
          .atInfo()
          .addKeyValue("crd", name)
          .addKeyValue("storedVersions", stored)
          .addKeyValue("rewritten", rewritten)
          .log("storage version migrated");
      outcomes.add(new Outcome(name, stored, rewritten));
    }
    return outcomes;
  }

  private int rewriteAll(CustomResourceDefinition crd, String storage) {
    String apiVersion = crd.getSpec().getGroup() + "/" + storage;
    String kind = crd.getSpec().getNames().getKind();
    var resources = client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace);
    int rewritten = 0;
    for (GenericKubernetesResource item : resources.list().getItems()) {
      String name = item.getMetadata().getName();
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          resources.resource(item).update();
          rewritten++;
          break;
        } catch (KubernetesClientException e) {
          if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
            break; // deleted meanwhile: nothing to migrate
          }
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == MAX_ATTEMPTS) {
            throw e;
          }
          item = resources.withName(name).get(); // changed meanwhile: write what is there now
          if (item == null) {
            break;
          }
        }
      }
    }
    return rewritten;
  }

  private static String storageVersion(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> Boolean.TRUE.equals(v.getStorage()))
        .map(v -> v.getName())
        .findFirst()
        .orElse(null);
  }
}
