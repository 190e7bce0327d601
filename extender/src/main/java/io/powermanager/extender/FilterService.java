package io.powermanager.extender;

import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.capacity.PowerDemand;
import io.powermanager.extender.wire.BadRequestException;
import io.powermanager.extender.wire.ExtenderArgs;
import io.powermanager.extender.wire.ExtenderFilterResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /filter}: keeps the candidate nodes a pod's power demand fits on ({@link Fit}) and gives a
 * reason for each other one. Answers in the mode it was asked in: {@code NodeNames} for a
 * names-only request ({@code []} when every node fails), the {@code Nodes} list with its items
 * returned untouched otherwise. Every node in the answer was in the request, in request order. A
 * pod asking for no power profile passes every node. Costs O(candidates); thread-safe.
 */
public final class FilterService {

  private final CapacityView view;

  public FilterService(CapacityView view) {
    this.view = Objects.requireNonNull(view, "view");
  }

  /**
   * @throws BadRequestException when the pod's power requests or the node list cannot be read
   */
  public ExtenderFilterResult filter(ExtenderArgs args) {
    List<String> problems = new ArrayList<>();
    PowerDemand demand = PowerDemand.of(args.pod(), problems);
    if (!problems.isEmpty()) {
      throw new BadRequestException("Pod " + String.join("; ", problems));
    }
    List<String> candidates = args.candidates();
    if (demand.isEmpty()) {
      return new ExtenderFilterResult(
          args.nodes(), args.nodeNames() == null ? null : candidates, Map.of(), Map.of(), "");
    }
    if (!view.isSynced()) {
      return ExtenderFilterResult.error(
          "power capacity cache has not synced yet; the scheduler will retry");
    }
    Instant now = view.clock().instant();
    Demand cpus = Demand.of(demand.cpusByProfile());
    List<String> passed = new ArrayList<>(candidates.size());
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> unresolvable = new LinkedHashMap<>();
    for (String name : candidates) {
      Fit fit = Fit.judge(view.node(name), cpus, now);
      if (fit instanceof Fit.Fits) {
        passed.add(name);
      } else if (fit instanceof Fit.Unschedulable u) {
        failed.put(name, u.reason());
      } else if (fit instanceof Fit.Unresolvable u) {
        unresolvable.put(name, u.reason());
      }
    }
    JsonNode nodes = args.nodes() == null ? null : keepOnly(args, new HashSet<>(passed));
    List<String> names = args.nodeNames() == null ? null : passed;
    return new ExtenderFilterResult(nodes, names, failed, unresolvable, "");
  }

  /** The request's NodeList with only the passing items, each the very object received. */
  private static JsonNode keepOnly(ExtenderArgs args, Set<String> passed) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    args.nodes()
        .properties()
        .forEach(
            e -> {
              if (!"items".equals(e.getKey())) {
                out.set(e.getKey(), e.getValue());
              }
            });
    ArrayNode items = out.putArray("items");
    List<JsonNode> all = args.items();
    for (int i = 0; i < all.size(); i++) {
      if (passed.contains(ExtenderArgs.itemName(all.get(i), i))) {
        items.add(all.get(i));
      }
    }
    return out;
  }
}
