package io.powermanager.domain.rules;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.FrequencyBound;
import io.powermanager.domain.power.PowerProfile;
import java.util.List;

/** The rules for PowerProfile create, update and delete (DESIGN.md §4). */
public final class ProfileRules {

  private static final int USERS_SHOWN = 5;

  private ProfileRules() {}

  /** Checks a profile created in v1alpha1 (its {@code epp} is required). */
  public static RuleResult check(ProfileView p, PowerCatalog catalog) {
    return check(p, catalog, ApiVersion.V1ALPHA1, true);
  }

  /**
   * Checks a created or updated profile. {@code epp} absent or {@code ""} means "leave the CPUs'
   * EPP as it is"; only a v1alpha1 create still requires it (the seed's contract; an update may
   * keep a profile written in v1 without one).
   */
  public static RuleResult check(
      ProfileView p, PowerCatalog catalog, ApiVersion version, boolean create) {
    RuleResult.Builder out = new RuleResult.Builder();
    if (version == ApiVersion.V1ALPHA1 && create && (p.epp() == null || p.epp().isBlank())) {
      out.violation(
          "spec.epp",
          "epp is required in power.intel.com/v1alpha1; use one of "
              + io.powermanager.domain.power.Epp.allowedValues()
              + " (in power.intel.com/v1 it may be left out to keep the CPUs' EPP)");
    }
    String name = p.metadataName();
    if (p.specName() != null && !p.specName().isEmpty() && !p.specName().equals(name)) {
      out.violation(
          "spec.name",
          "\""
              + p.specName()
              + "\" differs from metadata.name \""
              + name
              + "\"; they must be equal");
    }
    PowerProfile.Parsed parsed =
        PowerProfile.parse(
            name, p.min(), p.max(), p.epp(), p.governor(), p.cpuCapacity(), p.shared());
    if (parsed instanceof PowerProfile.Invalid invalid) {
      out.violations(
          invalid.violations().stream()
              .map(
                  v ->
                      v.field().equals("spec.name")
                          ? new io.powermanager.domain.Violation("metadata.name", v.message())
                          : v)
              .toList());
    } else if (parsed instanceof PowerProfile.Valid valid) {
      HardwareWindow.beyondEveryNode(valid.profile(), catalog)
          .ifPresent(
              reason ->
                  out.violation(
                      valid.profile().max().isPresent() && reason.startsWith("max")
                          ? "spec.max"
                          : "spec.min",
                      reason + "; no core type of any power node can run this profile"));
      HardwareWindow.baseFrequencyMissing(valid.profile(), catalog)
          .ifPresent(
              missing -> {
                if (missing.everywhere()) {
                  out.violation(
                      valid.profile().max().filter(b -> b == FrequencyBound.Symbol.BASE).isPresent()
                          ? "spec.max"
                          : "spec.min",
                      missing.message());
                } else {
                  out.warning(missing.message());
                }
              });
    }
    if (p.nodeSelector() != null
        && catalog.knowsNodes()
        && catalog.powerNodesMatching(p.nodeSelector()).isEmpty()) {
      out.warning(
          "spec.nodeSelector "
              + p.nodeSelector()
              + " matches no power node; the profile is offered nowhere until one matches");
    }
    return out.build();
  }

  /** A profile may be deleted only when no pod or workload uses it. */
  public static RuleResult checkDelete(String name, PowerCatalog catalog) {
    List<String> users = catalog.usersOf(name);
    if (users.isEmpty()) {
      return RuleResult.ok();
    }
    String shown = String.join(", ", users.subList(0, Math.min(USERS_SHOWN, users.size())));
    if (users.size() > USERS_SHOWN) {
      shown += " and " + (users.size() - USERS_SHOWN) + " more";
    }
    return new RuleResult.Builder()
        .violation(
            "metadata.name",
            "power profile \"" + name + "\" is in use by " + shown + "; delete those first")
        .build();
  }
}
