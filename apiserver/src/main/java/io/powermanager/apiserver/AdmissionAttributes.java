package io.powermanager.apiserver;

import tools.jackson.databind.JsonNode;

/**
 * What admission sees of one write, as kube-apiserver's {@code admission.Attributes}.
 *
 * @param operation {@code CREATE}, {@code UPDATE} or {@code DELETE}
 * @param subresource empty for the main resource
 * @param object the new object; null for DELETE
 * @param oldObject the stored object; null for CREATE
 */
record AdmissionAttributes(
    String operation,
    ResourceType type,
    String subresource,
    String namespace,
    String name,
    JsonNode object,
    JsonNode oldObject,
    boolean dryRun) {

  String optionsKind() {
    return switch (operation) {
      case "CREATE" -> "CreateOptions";
      case "UPDATE" -> "UpdateOptions";
      default -> "DeleteOptions";
    };
  }

  AdmissionAttributes withObject(JsonNode newObject) {
    return new AdmissionAttributes(
        operation, type, subresource, namespace, name, newObject, oldObject, dryRun);
  }
}
