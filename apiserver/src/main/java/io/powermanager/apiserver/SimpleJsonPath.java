package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The JSONPath subset CRD printer columns use: {@code .spec.max}, {@code
 * .status.conditions[0].type}, {@code .metadata.labels['app.kubernetes.io/name']}, {@code
 * .spec.items[*].name} and the filter {@code .status.conditions[?(@.type=="Ready")].status}.
 */
final class SimpleJsonPath {
  private SimpleJsonPath() {}

  /** Every value the path selects, in document order; empty when nothing matches. */
  static List<JsonNode> select(JsonNode root, String path) {
    List<JsonNode> current = new ArrayList<>(List.of(root));
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    int i = p.startsWith("$") ? 1 : 0;
    while (i < p.length() && !current.isEmpty()) {
      char c = p.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
          end++;
        }
        String field = p.substring(i + 1, end);
        if (!field.isEmpty()) {
          current = field(current, field);
        }
        i = end;
      } else if (c == '[') {
        int end = closingBracket(p, i);
        current = bracket(current, p.substring(i + 1, end).trim());
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath \"" + path + "\" at offset " + i);
      }
    }
    current.removeIf(n -> n == null || n.isMissingNode() || n.isNull());
    return current;
  }

  private static int closingBracket(String p, int open) {
    int depth = 0;
    for (int j = open; j < p.length(); j++) {
      if (p.charAt(j) == '[') {
        depth++;
      } else if (p.charAt(j) == ']' && --depth == 0) {
        return j;
      }
    }
    throw new IllegalArgumentException("unbalanced [ in JSONPath \"" + p + "\"");
  }

  private static List<JsonNode> field(List<JsonNode> nodes, String field) {
    List<JsonNode> next = new ArrayList<>();
    for (JsonNode n : nodes) {
      if (field.equals("*")) {
        n.forEach(next::add);
      } else if (n.isObject() && n.has(field)) {
        next.add(n.get(field));
      }
    }
    return next;
  }

  private static List<JsonNode> bracket(List<JsonNode> nodes, String inside) {
    if (inside.startsWith("'") || inside.startsWith("\"")) {
      return field(nodes, inside.substring(1, inside.length() - 1));
    }
    List<JsonNode> next = new ArrayList<>();
    for (JsonNode n : nodes) {
      if (!n.isArray()) {
        continue;
      }
      if (inside.equals("*")) {
        n.forEach(next::add);
      } else if (inside.startsWith("?(")) {
        String filter = inside.substring(2, inside.length() - 1).trim();
        n.forEach(
            item -> {
              if (filterMatches(item, filter)) {
                next.add(item);
              }
            });
      } else {
        int index = Integer.parseInt(inside);
        JsonNode item = n.get(index < 0 ? n.size() + index : index);
        if (item != null) {
          next.add(item);
        }
      }
    }
    return next;
  }

  /** {@code @.type=="Ready"} and {@code @.type!="Ready"}. */
  private static boolean filterMatches(JsonNode item, String filter) {
    boolean negated = filter.contains("!=");
    String[] sides = filter.split(negated ? "!=" : "==", 2);
    if (sides.length != 2 || !sides[0].trim().startsWith("@.")) {
      throw new IllegalArgumentException("unsupported JSONPath filter \"" + filter + "\"");
    }
    String expected = sides[1].trim().replaceAll("^['\"]|['\"]$", "");
    List<JsonNode> actual = select(item, sides[0].trim().substring(1));
    boolean equal = !actual.isEmpty() && actual.get(0).asString().equals(expected);
    return equal != negated;
  }
}
