package io.powermanager.domain.rules;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.PowerProfile;
import java.util.List;
import java.util.Map;

final class RuleFixtures {

  private RuleFixtures() {}

  static PowerProfile valid(String name, Long min, Long max, String epp) {
    return ((PowerProfile.Valid) PowerProfile.of(name, min, max, epp, null, null)).profile();
  }

  static final StaticCatalog CLUSTER =
      StaticCatalog.builder()
          .profile(BaseProfile.PERFORMANCE.asProfile())
          .profile(valid("shared", 1000L, 1500L, "power"))
          .node("node-1", Map.of("kubernetes.io/hostname", "node-1", "pool", "a"))
          .node("node-2", Map.of("kubernetes.io/hostname", "node-2", "pool", "a"))
          .sharedWorkload("node-2", "shared-node-2-workload")
          .powerConfig("power-config")
          .user("performance", "pod default/web-1")
          .powerNodeMaximum(Frequency.ofMhz(3800))
          .powerNodeMinimum(Frequency.ofMhz(800))
          .build();

  static List<String> messages(RuleResult r) {
    return r.violations().stream().map(Object::toString).toList();
  }
}
