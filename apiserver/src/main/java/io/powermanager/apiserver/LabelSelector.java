package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * A label selector in both of its Kubernetes forms: the query string ({@code app=x,tier!=db,env in
 * (a,b),!legacy}) and the {@code LabelSelector} object ({@code matchLabels}, {@code
 * matchExpressions}) used by webhook configurations.
 */
final class LabelSelector {
  enum Operator {
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  record Requirement(String key, Operator operator, Set<String> values) {
    boolean matches(JsonNode labels) {
      JsonNode value = labels.get(key);
      boolean present = value != null && !value.isNull();
      return switch (operator) {
        case EXISTS -> present;
        case DOES_NOT_EXIST -> !present;
        case IN -> present && values.contains(value.asString());
        case NOT_IN -> !present || !values.contains(value.asString());
      };
    }
  }

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());
  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  static LabelSelector everything() {
    return EVERYTHING;
  }

  /** Parses the query-string form. */
  static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String raw : splitOutsideParentheses(selector)) {
      String term = raw.trim();
      if (term.isEmpty()) {
        continue;
      }
      requirements.add(parseTerm(term, selector));
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  /**
   * Reads a {@code LabelSelector} object. A missing or empty object selects everything, as the API
   * server treats webhook {@code namespaceSelector} and {@code objectSelector}.
   */
  static LabelSelector fromObject(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    selector
        .path("matchLabels")
        .properties()
        .forEach(
            e ->
                requirements.add(
                    new Requirement(e.getKey(), Operator.IN, Set.of(e.getValue().asString()))));
    for (JsonNode expression : selector.path("matchExpressions")) {
      Set<String> values = new TreeSet<>();
      expression.path("values").forEach(v -> values.add(v.asString()));
      String operator = expression.path("operator").asString("");
      Operator op =
          switch (operator) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default ->
                throw ApiStatus.badRequest(
                    "label selector operator \""
                        + operator
                        + "\" is not one of In, NotIn, Exists,"
                        + " DoesNotExist");
          };
      requirements.add(new Requirement(expression.path("key").asString(""), op, values));
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  boolean isEverything() {
    return requirements.isEmpty();
  }

  /** Matches an object by its {@code metadata.labels}. */
  boolean matchesObject(JsonNode object) {
    JsonNode labels = object == null ? null : Json.at(object, "metadata.labels");
    return matchesLabels(labels == null ? Json.object() : labels);
  }

  boolean matchesLabels(JsonNode labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  List<Requirement> requirements() {
    return requirements;
  }

  private static Requirement parseTerm(String term, String selector) {
    if (term.startsWith("!")) {
      return new Requirement(term.substring(1).trim(), Operator.DOES_NOT_EXIST, Set.of());
    }
    int neq = term.indexOf("!=");
    if (neq > 0) {
      return new Requirement(
          term.substring(0, neq).trim(), Operator.NOT_IN, Set.of(term.substring(neq + 2).trim()));
    }
    int eqeq = term.indexOf("==");
    if (eqeq > 0) {
      return new Requirement(
          term.substring(0, eqeq).trim(), Operator.IN, Set.of(term.substring(eqeq + 2).trim()));
    }
    int eq = term.indexOf('=');
    if (eq > 0) {
      return new Requirement(
          term.substring(0, eq).trim(), Operator.IN, Set.of(term.substring(eq + 1).trim()));
    }
    String[] words = term.split("\\s+", 2);
    if (words.length == 2) {
      String rest = words[1].trim();
      Operator op = null;
      if (rest.startsWith("notin")) {
        op = Operator.NOT_IN;
        rest = rest.substring(5).trim();
      } else if (rest.startsWith("in")) {
        op = Operator.IN;
        rest = rest.substring(2).trim();
      }
      if (op != null && rest.startsWith("(") && rest.endsWith(")")) {
        Set<String> values = new TreeSet<>();
        for (String v : rest.substring(1, rest.length() - 1).split(",")) {
          if (!v.isBlank()) {
            values.add(v.trim());
          }
        }
        return new Requirement(words[0], op, values);
      }
      throw ApiStatus.badRequest(
          "unable to parse requirement \"" + term + "\" of label selector \"" + selector + "\"");
    }
    return new Requirement(term, Operator.EXISTS, Set.of());
  }

  private static List<String> splitOutsideParentheses(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }
}
