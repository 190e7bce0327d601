package io.powermanager.domain.rules;

import io.powermanager.domain.RuleResult;

/** Power objects live in one namespace, chosen at install. */
public final class NamespaceRule {

  private NamespaceRule() {}

  public static RuleResult check(
      String kind, String name, String namespace, String powerNamespace) {
    if (powerNamespace.equals(namespace)) {
      return RuleResult.ok();
    }
    return new RuleResult.Builder()
        .violation(
            "metadata.namespace",
            kind
                + " \""
                + name
                + "\" is in namespace \""
                + namespace
                + "\"; power objects belong in namespace \""
                + powerNamespace
                + "\"")
        .build();
  }
}
