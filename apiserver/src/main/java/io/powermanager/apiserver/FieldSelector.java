package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A field selector ({@code spec.nodeName=node-1,metadata.namespace!=kube-system}) over any dotted
 * path of the object, with {@code =}, {@code ==} and {@code !=}. kube-apiserver accepts only a few
 * fields per kind; this one accepts every path, so a selector a real server would reject with 400
 * is simply evaluated here.
 */
final class FieldSelector {
  private record Term(String path, String value, boolean negated) {}

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  static FieldSelector everything() {
    return EVERYTHING;
  }

  static FieldSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String raw : splitUnescaped(selector, ',')) {
      String term = raw.trim();
      if (term.isEmpty()) {
        continue;
      }
      int neq = term.indexOf("!=");
      int eqeq = term.indexOf("==");
      int eq = term.indexOf('=');
      if (neq > 0) {
        terms.add(new Term(term.substring(0, neq).trim(), unescape(term.substring(neq + 2)), true));
      } else if (eqeq > 0) {
        terms.add(
            new Term(term.substring(0, eqeq).trim(), unescape(term.substring(eqeq + 2)), false));
      } else if (eq > 0) {
        terms.add(new Term(term.substring(0, eq).trim(), unescape(term.substring(eq + 1)), false));
      } else {
        throw ApiStatus.badRequest(
            "invalid field selector \"" + selector + "\": term \"" + term + "\" has no operator");
      }
    }
    return new FieldSelector(List.copyOf(terms));
  }

  boolean isEverything() {
    return terms.isEmpty();
  }

  boolean matches(JsonNode object) {
    for (Term term : terms) {
      boolean equal = Json.string(object, term.path()).equals(term.value());
      if (equal == term.negated()) {
        return false;
      }
    }
    return true;
  }

  /** The value required for {@code path} by an equality term, or null. */
  String required(String path) {
    return terms.stream()
        .filter(t -> !t.negated() && t.path().equals(path))
        .map(Term::value)
        .findFirst()
        .orElse(null);
  }

  private static List<String> splitUnescaped(String s, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        current.append(c).append(s.charAt(++i));
      } else if (c == separator) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  private static String unescape(String value) {
    return value.trim().replace("\\,", ",").replace("\\=", "=").replace("\\\\", "\\");
  }
}
