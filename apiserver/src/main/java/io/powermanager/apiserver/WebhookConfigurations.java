package io.powermanager.apiserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The stored Mutating/ValidatingWebhookConfigurations, read once and kept until the front writes
 * one of them again, so that an admitted write costs no extra store round trips. Configurations
 * written directly into the mock are not seen until the next such write through the front.
 */
final class WebhookConfigurations {
  private final Function<String, List<JsonNode>> store;
  private final Map<String, List<JsonNode>> byPlural = new ConcurrentHashMap<>();

  /**
   * @param store reads the stored configurations of one plural
   */
  WebhookConfigurations(Function<String, List<JsonNode>> store) {
    this.store = store;
  }

  List<JsonNode> get(String plural) {
    return byPlural.computeIfAbsent(plural, p -> List.copyOf(store.apply(p)));
  }

  /** Called after every write the front stores. */
  void written(ResourceType type) {
    if (!type.custom() && type.group().equals("admissionregistration.k8s.io")) {
      byPlural.clear();
    }
  }
}
