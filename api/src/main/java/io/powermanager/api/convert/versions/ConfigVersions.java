package io.powermanager.api.convert.versions;

import tools.jackson.databind.node.ObjectNode;

/**
 * PowerConfig: both versions share the spec ({@code powerImage} and {@code customDevices}
 * included); v1's {@code status.errors} has no v1alpha1 field.
 */
final class ConfigVersions {

  private ConfigVersions() {}

  static void toV1(ObjectNode body) throws ConversionException {
    Trees.requireObject(body, "spec", "spec");
  }

  static void toV1alpha1(ObjectNode body) throws ConversionException {
    ObjectNode status = Trees.requireObject(body, "status", "status");
    if (status != null) {
      status.remove("errors");
    }
  }
}
