package io.powermanager.webhook;

import io.powermanager.domain.rules.ApiVersion;
import tools.jackson.databind.JsonNode;

/**
 * The fields of an {@code admission.k8s.io/v1} AdmissionRequest the webhook uses, as {@link
 * AdmissionCodec} read them from the body's JSON tree. The objects stay JSON: the service reads a
 * pod straight into the rules' view ({@link PodJson}) and binds a power object to its typed class
 * only when a rule needs it.
 *
 * @param uid never empty
 * @param operation {@code CREATE}, {@code UPDATE}, ...; {@code ""} when absent
 * @param subResource null or empty when the request is for the object itself
 * @param namespace null when the request has none
 * @param name null when the request has none
 * @param object {@code request.object}, an object node, or null
 * @param oldObject {@code request.oldObject}, an object node, or null
 * @param version the version of {@code request.kind}: the version the object was sent in (the rules
 *     that differ by version key on it); v1alpha1 when the request does not say
 */
public record ReviewRequest(
    String uid,
    AdmittedKind kind,
    String operation,
    String subResource,
    String namespace,
    String name,
    JsonNode object,
    JsonNode oldObject,
    ApiVersion version) {

  /** A request in v1alpha1. */
  public ReviewRequest(
      String uid,
      AdmittedKind kind,
      String operation,
      String subResource,
      String namespace,
      String name,
      JsonNode object,
      JsonNode oldObject) {
    this(
        uid, kind, operation, subResource, namespace, name, object, oldObject, ApiVersion.V1ALPHA1);
  }

  public ReviewRequest {
    version = version == null ? ApiVersion.V1ALPHA1 : version;
  }

  boolean hasSubresource() {
    return subResource != null && !subResource.isEmpty();
  }

  /** The object under review: {@code object}, else {@code oldObject} (DELETE); may be null. */
  JsonNode anyObject() {
    return object != null ? object : oldObject;
  }
}
