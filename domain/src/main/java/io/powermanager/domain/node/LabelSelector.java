package io.powermanager.domain.node;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions} with {@code In},
 * {@code NotIn}, {@code Exists}, {@code DoesNotExist}), evaluated as the API server does: every
 * label and every expression must hold; an empty selector matches everything. Immutable.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  /** The operators of a {@code matchExpressions} entry. */
  public enum Operator {
    IN("In"),
    NOT_IN("NotIn"),
    EXISTS("Exists"),
    DOES_NOT_EXIST("DoesNotExist");

    private final String wire;

    Operator(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** The operator spelt as in the API ({@code In}), or null when unknown. */
    public static Operator parse(String text) {
      for (Operator o : values()) {
        if (o.wire.equals(text)) {
          return o;
        }
      }
      return null;
    }
  }

  /** One {@code matchExpressions} entry. */
  public record Requirement(String key, Operator operator, Set<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      return switch (operator) {
        case IN -> labels.containsKey(key) && values.contains(labels.get(key));
        case NOT_IN -> !labels.containsKey(key) || !values.contains(labels.get(key));
        case EXISTS -> labels.containsKey(key);
        case DOES_NOT_EXIST -> !labels.containsKey(key);
      };
    }

    @Override
    public String toString() {
      return switch (operator) {
        case EXISTS -> key;
        case DOES_NOT_EXIST -> "!" + key;
        default ->
            key
                + (operator == Operator.IN ? " in " : " notin ")
                + values.stream().sorted().collect(Collectors.joining(",", "(", ")"));
      };
    }
  }

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** The selector that matches every node. */
  public static LabelSelector everything() {
    return new LabelSelector(Map.of(), List.of());
  }

  /** Whether a node (or object) with {@code labels} is selected; null labels are none. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(l.get(e.getKey()))) {
        return false;
      }
    }
    return matchExpressions.stream().allMatch(r -> r.matches(l));
  }

  /** As kubectl prints selectors: {@code a=b,zone in (x,y)}, labels sorted. */
  @Override
  public String toString() {
    String labels =
        new TreeMap<>(matchLabels)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    String exprs =
        matchExpressions.stream().map(Requirement::toString).collect(Collectors.joining(","));
    return labels.isEmpty() ? exprs : exprs.isEmpty() ? labels : labels + "," + exprs;
  }
}
