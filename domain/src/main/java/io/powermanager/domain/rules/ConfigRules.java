package io.powermanager.domain.rules;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.BaseProfile;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules for PowerConfig create and update (DESIGN.md §4). */
public final class ConfigRules {

  private ConfigRules() {}

  public static RuleResult check(ConfigView c, PowerCatalog catalog) {
    RuleResult.Builder out = new RuleResult.Builder();
    catalog
        .powerConfigOtherThan(c.metadataName())
        .ifPresent(
            existing ->
                out.violation(
                    "metadata.name",
                    "PowerConfig \""
                        + existing
                        + "\" already exists; only one PowerConfig is allowed per cluster"));
    List<String> profiles = c.powerProfiles();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < profiles.size(); i++) {
      String p = profiles.get(i);
      String field = "spec.powerProfiles[" + i + "]";
      if (BaseProfile.byName(p).isEmpty()) {
        out.violation(
            field,
            "\""
                + p
                + "\" is not a base profile; use "
                + BaseProfile.allowedNames()
                + " (create other profiles as PowerProfile objects)");
      } else if (!seen.add(p)) {
        out.violation(field, "\"" + p + "\" is listed twice");
      }
    }
    Set<String> devices = new HashSet<>();
    for (int i = 0; i < c.customDevices().size(); i++) {
      String d = c.customDevices().get(i);
      String field = "spec.customDevices[" + i + "]";
      CustomDevices.problem(d).ifPresent(problem -> out.violation(field, problem));
      if (!devices.add(d)) {
        out.violation(field, "\"" + d + "\" is listed twice");
      }
    }
    Selectors.check("spec.powerNodeSelector", c.powerNodeSelector(), out);
    if (c.powerNodeSelector().isEmpty()) {
      out.warning("spec.powerNodeSelector is empty: the power agent will run on every node");
    }
    if (c.powerImage() != null && c.powerImage().isBlank()) {
      out.violation("spec.powerImage", "is blank; omit it to use the default agent image");
    }
    return out.build();
  }
}
