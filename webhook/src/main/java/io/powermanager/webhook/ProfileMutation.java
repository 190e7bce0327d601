package io.powermanager.webhook;

import io.powermanager.domain.power.Epp;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The PowerProfile mutation on CREATE and UPDATE, answered as the JSON Patch of what it changes: an
 * EPP in a hyphen or other accepted spelling becomes its canonical sysfs form ({@code
 * balance-power} → {@code balance_power}); an empty {@code spec.name} becomes {@code
 * metadata.name}. Idempotent. Stateless.
 */
final class ProfileMutation {

  private ProfileMutation() {}

  /** The patch, or empty when the profile needs no change (or has no readable spec). */
  static Optional<? extends JsonNode> patch(JsonNode profile) {
    JsonNode spec = profile.get("spec");
    if (spec == null || !spec.isObject()) {
      return Optional.empty();
    }
    JsonPatchBuilder patch = new JsonPatchBuilder();
    JsonNode eppNode = spec.get("epp");
    if (eppNode != null && eppNode.isString()) {
      String epp = eppNode.asString();
      Epp.parse(epp)
          .map(Epp::sysfsValue)
          .filter(e -> !e.equals(epp))
          .ifPresent(
              e -> patch.replace(JsonPatchBuilder.pointer("spec", "epp"), StringNode.valueOf(e)));
    }
    String name = profile.path("metadata").path("name").asString("");
    String specName = spec.path("name").asString("");
    if (specName.isEmpty() && !name.isEmpty()) {
      patch.add(JsonPatchBuilder.pointer("spec", "name"), StringNode.valueOf(name));
    }
    return patch.build();
  }
}
