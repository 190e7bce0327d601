package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;
import static io.powermanager.webhook.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.api.v1alpha1.FrequencyWindow;
import io.powermanager.api.v1alpha1.PowerNodeSettings;
import io.powermanager.api.v1alpha1.PowerNodeSettingsSpec;
import io.powermanager.domain.node.LabelSelector;
import io.powermanager.domain.nodesettings.NodeSettingsRules;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.power.HardwareRange;
import io.powermanager.domain.power.PowerProfile;
import io.powermanager.domain.rules.PowerCatalog;
import io.powermanager.domain.rules.StaticCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PowerNodeSettings through the validating webhook: one per node, turbo knob, limits. */
class NodeSettingsAdmissionTest {

  /** node-1: small with no_turbo; acpi-1: acpi-cpufreq without a switch; taken: by "other". */
  private static final class Catalog implements PowerCatalog {
    private final StaticCatalog base = Fixtures.catalog();

    @Override
    public boolean knowsProfiles() {
      return base.knowsProfiles();
    }

    @Override
    public Optional<PowerProfile> profile(String name) {
      return base.profile(name);
    }

    @Override
    public boolean knowsNodes() {
      return true;
    }

    @Override
    public List<List<io.powermanager.domain.power.HardwareRange>> powerNodeCoreTypes() {
      return base.powerNodeCoreTypes();
    }

    @Override
    public List<String> powerNodesMatching(io.powermanager.domain.node.LabelSelector selector) {
      return base.powerNodesMatching(selector);
    }

    @Override
    public List<String> customDevices() {
      return base.customDevices();
    }

    @Override
    public List<String> nodesMatching(Map<String, String> selector) {
      return base.nodesMatching(selector);
    }

    @Override
    public Optional<String> sharedWorkloadOn(String node, String exceptWorkload) {
      return base.sharedWorkloadOn(node, exceptWorkload);
    }

    @Override
    public Optional<String> powerConfigOtherThan(String exceptName) {
      return base.powerConfigOtherThan(exceptName);
    }

    @Override
    public List<String> usersOf(String profile) {
      return base.usersOf(profile);
    }

    @Override
    public List<Frequency> powerNodeMaxima() {
      return base.powerNodeMaxima();
    }

    @Override
    public List<Frequency> powerNodeMinima() {
      return base.powerNodeMinima();
    }

    @Override
    public List<NodeSettingsRules.PowerNodeView> nodeSettingsNodes() {
      HardwareRange small =
          new HardwareRange(
              Frequency.ofMhz(800), Frequency.ofMhz(3500), Optional.of(Frequency.ofMhz(2100)));
      return List.of(
          new NodeSettingsRules.PowerNodeView("node-1", Map.of("pool", "a"), true, List.of(small)),
          new NodeSettingsRules.PowerNodeView(
              "acpi-1",
              Map.of("pool", "a"),
              false,
              List.of(HardwareRange.ofKhz(1_200_000, 2_400_000))),
          new NodeSettingsRules.PowerNodeView(
              "taken", Map.of("owner", "other"), true, List.of(small)));
    }

    @Override
    public List<NodeSettingsRules.Other> nodeSettings() {
      return List.of(
          new NodeSettingsRules.Other(
              "other", new LabelSelector(Map.of("owner", "other"), List.of())));
    }
  }

  private final AdmissionService service =
      new AdmissionService(new Catalog(), AdmissionSettings.of(POWER_NS));

  private static PowerNodeSettings settings(
      String name,
      Map<String, String> labels,
      PowerNodeSettingsSpec.Turbo turbo,
      Object min,
      Object max) {
    PowerNodeSettings s = new PowerNodeSettings();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace(POWER_NS);
    PowerNodeSettingsSpec spec = new PowerNodeSettingsSpec();
    spec.setNodeSelector(new LabelSelectorBuilder().withMatchLabels(labels).build());
    spec.setTurbo(turbo);
    if (min != null || max != null) {
      spec.setFrequencyLimits(
          new FrequencyWindow(
              min == null ? null : new IntOrString(min),
              max == null ? null : new IntOrString(max)));
    }
    s.setSpec(spec);
    return s;
  }

  @Test
  void refusesASecondObjectForANode() {
    AdmissionResponse r =
        service.validate(
            request("CREATE", settings("mine", Map.of("owner", "other"), null, null, null)));

    assertThat(r.getAllowed()).isFalse();
    assertThat(r.getStatus().getMessage())
        .contains(
            "node taken already has PowerNodeSettings \"other\"; one PowerNodeSettings per node");
  }

  @Test
  void refusesLimitsResolvingToMinAboveMaxOnASelectedNode() {
    AdmissionResponse r =
        service.validate(
            request(
                "CREATE",
                settings(
                    "mine",
                    Map.of("kubernetes.io/hostname", "x", "pool", "a"),
                    null,
                    2500,
                    "base")));

    // no node has both labels: nothing selected, a warning only
    assertThat(r.getAllowed()).isTrue();

    AdmissionResponse onNode =
        service.validate(
            request("CREATE", settings("mine", Map.of("pool", "a"), null, "60%", "base")));
    assertThat(onNode.getAllowed()).isFalse();
    assertThat(onNode.getStatus().getMessage())
        .contains(
            "spec.frequencyLimits.min: \"60%\" resolves to 2420 MHz on node node-1, above max \"base\" at 2100 MHz");
  }

  @Test
  void warnsWhenASelectedNodeHasNoTurboSwitch() {
    AdmissionResponse r =
        service.validate(
            request(
                "CREATE",
                settings(
                    "mine",
                    Map.of("pool", "a"),
                    PowerNodeSettingsSpec.Turbo.Disabled,
                    null,
                    null)));

    assertThat(r.getAllowed()).isTrue();
    assertThat(r.getWarnings())
        .anyMatch(w -> w.contains("spec.turbo Disabled: node acpi-1 has no turbo switch"));
  }
}
