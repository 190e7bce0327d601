package io.powermanager.domain.rules;

import io.powermanager.domain.KubernetesNames;
import io.powermanager.domain.RuleResult;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Checks and prints equality-based node selectors ({@code map<string,string>}). */
final class Selectors {

  private Selectors() {}

  static void check(String field, Map<String, String> selector, RuleResult.Builder out) {
    new TreeMap<>(selector)
        .forEach(
            (key, value) -> {
              if (!KubernetesNames.isQualifiedName(key)) {
                out.violation(field, "\"" + key + "\" is not a valid label key");
              }
              if (!KubernetesNames.isLabelValue(value)) {
                out.violation(
                    field, "\"" + value + "\" (for " + key + ") is not a valid label value");
              }
            });
  }

  /** {@code {a=b, c=d}}, keys sorted. */
  static String print(Map<String, String> selector) {
    return new TreeMap<>(selector)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ", "{", "}"));
  }
}
