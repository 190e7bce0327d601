package io.powermanager.domain.nodesettings;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.RuleResult;
import io.powermanager.domain.node.LabelSelector;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeSettingsRulesTest {

  private static final HardwareRange SMALL =
      new HardwareRange(
          Frequency.ofMhz(800), Frequency.ofMhz(3500), Optional.of(Frequency.ofMhz(2100)));
  private static final HardwareRange ACPI = HardwareRange.ofKhz(1_000_000, 3_000_000);

  private static final List<NodeSettingsRules.PowerNodeView> NODES =
      List.of(
          new NodeSettingsRules.PowerNodeView("node-1", Map.of("pool", "a"), true, List.of(SMALL)),
          new NodeSettingsRules.PowerNodeView("node-2", Map.of("pool", "a"), false, List.of(ACPI)),
          new NodeSettingsRules.PowerNodeView("node-3", Map.of("pool", "b"), true, List.of(SMALL)));

  private static LabelSelector pool(String value) {
    return new LabelSelector(Map.of("pool", value), List.of());
  }

  private static NodeSettingsRules.Request request(
      String name, LabelSelector selector, NodeSettings.Turbo turbo, String min, String max) {
    return new NodeSettingsRules.Request(name, selector, turbo, min, max);
  }

  @Test
  void selectorIsRequiredAndLimitsMustParse() {
    RuleResult r = NodeSettingsRules.checkSpec(request("s", null, null, "fast", "2000"));

    assertThat(r.allowed()).isFalse();
    assertThat(r.message()).contains("spec.nodeSelector").contains("\"fast\" is not");
  }

  @Test
  void percentMinAbovePercentMaxIsRefusedWithoutNodes() {
    RuleResult r = NodeSettingsRules.checkSpec(request("s", pool("a"), null, "60%", "40%"));

    assertThat(r.allowed()).isFalse();
    assertThat(r.message()).contains("\"60%\" is above spec.frequencyLimits.max \"40%\"");
  }

  @Test
  void oneObjectPerNode() {
    RuleResult r =
        NodeSettingsRules.check(
            request("new", pool("a"), NodeSettings.Turbo.UNCHANGED, null, null),
            NODES,
            List.of(
                new NodeSettingsRules.Other("old", new LabelSelector(Map.of(), List.of())),
                new NodeSettingsRules.Other("new", pool("a"))));

    assertThat(r.allowed()).isFalse();
    assertThat(r.message()).contains("nodes node-1, node-2 already have PowerNodeSettings \"old\"");
  }

  @Test
  void turboWhereANodeHasNoSwitchIsAWarning() {
    RuleResult r =
        NodeSettingsRules.check(
            request("s", pool("a"), NodeSettings.Turbo.DISABLED, null, null), NODES, List.of());

    assertThat(r.allowed()).isTrue();
    assertThat(r.warnings())
        .singleElement()
        .asString()
        .contains("spec.turbo Disabled: node node-2 has no turbo switch");
  }

  @Test
  void limitsResolvingToMinAboveMaxOnASelectedNodeAreRefused() {
    // base is 2100 on node-3; 2500 > base there
    RuleResult r =
        NodeSettingsRules.check(request("s", pool("b"), null, "2500", "base"), NODES, List.of());

    assertThat(r.allowed()).isFalse();
    assertThat(r.message())
        .contains("\"2500\" resolves to 2500 MHz on node node-3, above max \"base\" at 2100 MHz");
  }

  @Test
  void baseWithoutBaseFrequencyWarnsAndLimitsOutsideTheRangeAreRefused() {
    RuleResult r =
        NodeSettingsRules.check(request("s", pool("a"), null, "900", "base"), NODES, List.of());

    assertThat(r.allowed()).isFalse();
    assertThat(r.message()).contains("900 MHz is outside the hardware range").contains("node-2");
    assertThat(r.warnings()).anyMatch(w -> w.contains("node node-2 has CPUs without base"));
  }

  @Test
  void noSelectedNodeIsAWarning() {
    RuleResult r =
        NodeSettingsRules.check(request("s", pool("z"), null, null, "base"), NODES, List.of());

    assertThat(r.allowed()).isTrue();
    assertThat(r.warnings()).singleElement().asString().contains("selects no power node");
  }
}
