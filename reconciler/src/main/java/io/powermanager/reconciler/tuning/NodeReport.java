package io.powermanager.reconciler.tuning;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.reconciler.kube.Caches;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one power node's agent reports, as the CStates and Uncore status computations read it: the
 * node's labels (for {@code nodeSelector}) and its PowerNode's conditions.
 *
 * @param node the node's name
 * @param labels the Node's labels
 * @param conditions the PowerNode's {@code status.conditions}
 * @param turbo whether turbo is on ({@code status.hardware.turbo}); empty when the node has no
 *     switch or has not said
 */
public record NodeReport(
    String node, Map<String, String> labels, List<Condition> conditions, Optional<Boolean> turbo) {

  public NodeReport {
    Objects.requireNonNull(node, "node");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    Objects.requireNonNull(turbo, "turbo");
  }

  /** A report that says nothing of turbo. */
  public NodeReport(String node, Map<String, String> labels, List<Condition> conditions) {
    this(node, labels, conditions, Optional.empty());
  }

  /** The condition of {@code type}, or null. */
  public Condition condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Every power node of the power namespace, by name. */
  public static List<NodeReport> of(Caches caches) {
    List<NodeReport> out = new ArrayList<>();
    for (PowerNode pn : caches.powerNodes()) {
      String name = NodeConversion.nodeName(pn);
      Map<String, String> labels =
          caches.node(name).map(Node::getMetadata).map(m -> m.getLabels()).orElse(Map.of());
      Optional<Boolean> turbo =
          Optional.ofNullable(pn.getStatus()).map(s -> s.getHardware()).map(h -> h.getTurbo());
      out.add(
          new NodeReport(
              name,
              labels,
              pn.getStatus() == null ? List.of() : pn.getStatus().getConditions(),
              turbo));
    }
    out.sort(Comparator.comparing(NodeReport::node));
    return out;
  }
}
