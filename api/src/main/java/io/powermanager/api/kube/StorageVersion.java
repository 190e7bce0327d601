package io.powermanager.api.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.powermanager.api.PowerApi;
import io.powermanager.api.convert.versions.ConversionException;
import io.powermanager.api.convert.versions.VersionConversion;
import java.util.Objects;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Our components keep the {@code v1alpha1} Java model but talk to the API server in the storage
 * version {@link PowerApi#STORAGE_VERSION} for the kinds whose versions differ ({@link
 * VersionConversion#KINDS}), converting each object in-process with the same pure conversion the
 * manager's {@code /convert} serves. So none of their reads or writes needs the conversion webhook:
 * they keep working while no manager replica answers, and the API server converts nothing for them.
 * Other kinds pass through unchanged (their versions share one schema). Stateless, thread-safe.
 */
public final class StorageVersion {

  private StorageVersion() {}

  /** Whether objects of {@code type} are read and written at the storage version, converted. */
  public static boolean converted(Class<? extends HasMetadata> type) {
    return VersionConversion.KINDS.contains(HasMetadata.getKind(type))
        && PowerApi.GROUP.equals(HasMetadata.getGroup(type));
  }

  /** Where {@code type} is read and written: its storage version when {@link #converted}. */
  public static ResourceDefinitionContext context(Class<? extends HasMetadata> type) {
    ResourceDefinitionContext typed = ResourceDefinitionContext.fromResourceType(type);
    if (!converted(type)) {
      return typed;
    }
    return new ResourceDefinitionContext.Builder()
        .withGroup(typed.getGroup())
        .withVersion(PowerApi.STORAGE_VERSION)
        .withKind(typed.getKind())
        .withPlural(typed.getPlural())
        .withNamespaced(typed.isNamespaceScoped())
        .build();
  }

  /** The untyped operations on {@code type} at {@link #context}, in {@code namespace}. */
  public static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(KubernetesClient client, Class<? extends HasMetadata> type, String namespace) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        all = client.genericKubernetesResources(context(type));
    return all.inNamespace(namespace);
  }

  /**
   * {@code object} (a typed object of our model) as the API server stores it: converted to the
   * storage version when its kind is {@link #converted}.
   *
   * @throws IllegalArgumentException when it cannot be converted (a bug of the model or the
   *     conversion: our own objects always convert)
   */
  public static GenericKubernetesResource toStorage(
      KubernetesSerialization serialization, HasMetadata object) {
    JsonNode tree = serialization.convertValue(object, JsonNode.class);
    if (VersionConversion.KINDS.contains(object.getKind())
        && VersionConversion.isConvertible(object.getApiVersion())) {
      try {
        tree = VersionConversion.convert(tree, PowerApi.STORAGE_API_VERSION);
      } catch (ConversionException e) {
        throw new IllegalArgumentException(
            "cannot convert " + object.getKind() + " " + name(object) + ": " + e.getMessage(), e);
      }
    }
    return serialization.convertValue(tree, GenericKubernetesResource.class);
  }

  /**
   * {@code stored} (as read at {@link #context}) as an object of our model.
   *
   * @throws ConversionException when it cannot be converted to {@code type}'s version
   * @throws RuntimeException when the converted tree cannot be decoded into {@code type}
   */
  public static <T extends HasMetadata> T fromStorage(
      KubernetesSerialization serialization, GenericKubernetesResource stored, Class<T> type)
      throws ConversionException {
    if (!converted(type)) {
      return serialization.convertValue(stored, type);
    }
    JsonNode tree = serialization.convertValue(stored, JsonNode.class);
    JsonNode model = VersionConversion.convert(tree, HasMetadata.getApiVersion(type));
    return serialization.convertValue(model, type);
  }

  /** {@link #fromStorage} for an object the API server just answered: it must convert. */
  private static <T extends HasMetadata> T answered(
      KubernetesClient client, GenericKubernetesResource stored, Class<T> type) {
    if (stored == null) {
      return null;
    }
    try {
      return fromStorage(client.getKubernetesSerialization(), stored, type);
    } catch (ConversionException e) {
      throw new IllegalStateException(
          "the API server answered a "
              + type.getSimpleName()
              + " that cannot be converted: "
              + e.getMessage(),
          e);
    }
  }

  /** Reads one object; {@code null} when absent. */
  public static <T extends HasMetadata> T get(
      KubernetesClient client, Class<T> type, String namespace, String name) {
    return answered(client, resources(client, type, namespace).withName(name).get(), type);
  }

  /** Creates {@code object} (in its own namespace); returns what the API server stored. */
  public static <T extends HasMetadata> T create(KubernetesClient client, T object) {
    return answered(
        client, op(client, object).resource(stored(client, object)).create(), type(object));
  }

  /** Replaces {@code object}; a 409 when it changed since the resourceVersion it carries. */
  public static <T extends HasMetadata> T update(KubernetesClient client, T object) {
    return answered(
        client, op(client, object).resource(stored(client, object)).update(), type(object));
  }

  /** Replaces the status of {@code object}; a 409 when it changed since it was read. */
  public static <T extends HasMetadata> T updateStatus(KubernetesClient client, T object) {
    return answered(
        client, op(client, object).resource(stored(client, object)).updateStatus(), type(object));
  }

  /** Deletes {@code object} by name. */
  public static void delete(KubernetesClient client, HasMetadata object) {
    op(client, object).withName(object.getMetadata().getName()).delete();
  }

  /**
   * Reads the object, applies {@code change} to its model form and patches the difference (as
   * fabric8's {@code edit} does), all at the storage version.
   */
  public static <T extends HasMetadata> T edit(
      KubernetesClient client,
      Class<T> type,
      String namespace,
      String name,
      UnaryOperator<T> change) {
    KubernetesSerialization s = client.getKubernetesSerialization();
    return answered(
        client,
        resources(client, type, namespace)
            .withName(name)
            .edit(g -> toStorage(s, change.apply(answered(client, g, type)))),
        type);
  }

  /** {@link #edit} of the status subresource. */
  public static <T extends HasMetadata> T editStatus(
      KubernetesClient client,
      Class<T> type,
      String namespace,
      String name,
      UnaryOperator<T> change) {
    KubernetesSerialization s = client.getKubernetesSerialization();
    return answered(
        client,
        resources(client, type, namespace)
            .withName(name)
            .editStatus(g -> toStorage(s, change.apply(answered(client, g, type)))),
        type);
  }

  private static GenericKubernetesResource stored(KubernetesClient client, HasMetadata object) {
    return toStorage(client.getKubernetesSerialization(), object);
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      op(KubernetesClient client, HasMetadata object) {
    return resources(client, object.getClass(), object.getMetadata().getNamespace());
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> Class<T> type(T object) {
    return (Class<T>) object.getClass();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata() == null
        ? "(no metadata)"
        : Objects.toString(object.getMetadata().getNamespace(), "")
            + "/"
            + object.getMetadata().getName();
  }
}
