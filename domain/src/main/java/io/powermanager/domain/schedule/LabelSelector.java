package io.powermanager.domain.schedule;

import io.powermanager.domain.KubernetesNames;
import io.powermanager.domain.RuleResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}), with the API
 * server's matching rules. An empty selector matches everything. Immutable.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

  public LabelSelector {
    matchLabels = matchLabels == null ? Map.of() : Map.copyOf(new TreeMap<>(matchLabels));
    matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
  }

  /** One {@code matchExpressions} item. */
  public record Requirement(String key, String operator, List<String> values) {
    public Requirement {
      values = values == null ? List.of() : List.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      if (operator == null || key == null) {
        return false; // malformed: selects nothing
      }
      String value = labels.get(key);
      return switch (operator) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
    }
  }

  public static LabelSelector matching(Map<String, String> labels) {
    return new LabelSelector(labels, List.of());
  }

  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /** Whether {@code labels} (null: none) satisfy every label and expression. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!Objects.equals(l.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return matchExpressions.stream().allMatch(r -> r.matches(l));
  }

  /** Adds a violation under {@code field} for each malformed key, value or operator. */
  public void check(String field, RuleResult.Builder out) {
    matchLabels.forEach(
        (key, value) -> {
          if (!KubernetesNames.isQualifiedName(key)) {
            out.violation(field + ".matchLabels", "\"" + key + "\" is not a valid label key");
          }
          if (!KubernetesNames.isLabelValue(value)) {
            out.violation(
                field + ".matchLabels",
                "\"" + value + "\" (for " + key + ") is not a valid label value");
          }
        });
    for (int i = 0; i < matchExpressions.size(); i++) {
      Requirement r = matchExpressions.get(i);
      String at = field + ".matchExpressions[" + i + "]";
      if (r.key() == null || !KubernetesNames.isQualifiedName(r.key())) {
        out.violation(at + ".key", "\"" + r.key() + "\" is not a valid label key");
      }
      if (!OPERATORS.contains(r.operator())) {
        out.violation(
            at + ".operator",
            "\"" + r.operator() + "\" is not one of In, NotIn, Exists, DoesNotExist");
      } else if ((r.operator().equals("In") || r.operator().equals("NotIn"))
          && r.values().isEmpty()) {
        out.violation(at + ".values", "operator " + r.operator() + " needs at least one value");
      } else if ((r.operator().equals("Exists") || r.operator().equals("DoesNotExist"))
          && !r.values().isEmpty()) {
        out.violation(at + ".values", "operator " + r.operator() + " takes no values");
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    matchLabels.forEach(
        (k, v) -> s.append(s.length() > 1 ? ", " : "").append(k).append('=').append(v));
    for (Requirement r : matchExpressions) {
      s.append(s.length() > 1 ? ", " : "")
          .append(r.key())
          .append(' ')
          .append(r.operator())
          .append(r.values().isEmpty() ? "" : " " + r.values());
    }
    return s.append('}').toString();
  }
}
