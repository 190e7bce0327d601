package io.powermanager.api.convert.versions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PowerProfile: v1's {@code shared} flag is v1alpha1's {@code epp: power} unless v1alpha1 says
 * {@code shared} explicitly; v1's {@code status.errors} has no v1alpha1 field.
 */
final class ProfileVersions {

  private static final String SHARED_EPP = "power";

  private ProfileVersions() {}

  static void toV1(ObjectNode body) throws ConversionException {
    ObjectNode spec = Trees.requireObject(body, "spec", "spec");
    if (spec == null) {
      return;
    }
    boolean shared = explicitShared(spec).orElse(SHARED_EPP.equals(epp(spec)));
    if (shared) {
      if (spec.has("shared")) {
        spec.put("shared", true);
      } else {
        Trees.putAfter(spec, "name", "shared", Trees.NODES.booleanNode(true));
      }
    } else {
      spec.remove("shared");
    }
  }

  static void toV1alpha1(ObjectNode body) throws ConversionException {
    ObjectNode spec = Trees.requireObject(body, "spec", "spec");
    if (spec != null) {
      boolean shared = explicitShared(spec).orElse(false);
      if (shared == SHARED_EPP.equals(epp(spec))) {
        spec.remove("shared");
      } else if (spec.has("shared")) {
        spec.put("shared", shared);
      } else {
        Trees.putAfter(spec, "name", "shared", Trees.NODES.booleanNode(shared));
      }
    }
    ObjectNode status = Trees.requireObject(body, "status", "status");
    if (status != null) {
      status.remove("errors");
    }
  }

  private static java.util.Optional<Boolean> explicitShared(ObjectNode spec)
      throws ConversionException {
    JsonNode shared = spec.get("shared");
    if (shared == null || shared.isNull()) {
      return java.util.Optional.empty();
    }
    if (!shared.isBoolean()) {
      throw new ConversionException("spec.shared must be a boolean, not " + shared.getNodeType());
    }
    return java.util.Optional.of(shared.booleanValue());
  }

  private static String epp(ObjectNode spec) {
    JsonNode epp = spec.get("epp");
    return epp != null && epp.isString() ? epp.stringValue() : null;
  }
}
