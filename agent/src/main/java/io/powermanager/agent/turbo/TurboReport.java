package io.powermanager.agent.turbo;

import io.powermanager.agent.kube.ConditionSpec;
import io.powermanager.agent.kube.PodEvent;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.api.convert.NodeSettingsConversion;
import io.powermanager.api.v1alpha1.PowerNodeSettings;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.nodesettings.NodeSettings;
import io.powermanager.domain.nodesettings.NodeSettingsRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The PowerNodeSettings of this node, and what the turbo part of a convergence tells the cluster:
 * the {@code TurboLocked} and {@code Clamped} conditions of the PowerNode and a Warning Event
 * {@code Clamped} on each pod whose window turbo-off clamped (once per new clamp). Not thread-safe:
 * the node loop owns it.
 */
public final class TurboReport {

  public static final String TURBO_LOCKED = "TurboLocked";
  public static final String CLAMPED = "Clamped";

  /**
   * The PowerNode condition naming the PowerNodeSettings this node applies and how it went (reason
   * {@code Applied}, {@code Clamped}, {@code Refused} or {@code TurboLocked}); its message starts
   * with {@code PowerNodeSettings <name>:}, which the manager's status of that object reads.
   */
  public static final String NODE_SETTINGS_APPLIED = "NodeSettingsApplied";

  private Set<String> lastEvents = Set.of();

  /**
   * The PowerNodeSettings whose selector matches this node's labels (the first by name when
   * admission let several through); none when no object selects it.
   */
  public static TurboControl.Intent intent(
      String node, Map<String, String> labels, List<PowerNodeSettings> objects) {
    Optional<NodeSettings> settings =
        objects.stream()
            .filter(o -> o.getMetadata() != null && o.getMetadata().getName() != null)
            .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
            .filter(
                o -> {
                  NodeSettingsRules.Request r = NodeSettingsConversion.request(o);
                  return r.nodeSelector() != null
                      && NodeSettingsRules.checkSpec(r).allowed()
                      && r.nodeSelector().matches(labels == null ? Map.of() : labels);
                })
            .findFirst()
            .map(NodeSettingsConversion::settings);
    return new TurboControl.Intent(node, settings);
  }

  /** The PowerNode conditions of the turbo part (none when nothing asks about turbo or limits). */
  public static List<ConditionSpec> conditions(TurboControl.Result r) {
    List<ConditionSpec> out = new ArrayList<>();
    if (r.locked()) {
      out.add(
          ConditionSpec.isTrue(
              TURBO_LOCKED,
              "FirmwareLocked",
              "firmware keeps turbo off: switching "
                  + r.knob().orElse("turbo")
                  + " on was refused (EPERM); windows are held at base"));
    }
    if (r.settings().isEmpty()) {
      return out;
    }
    if (!r.locked()) {
      out.add(ConditionSpec.isFalse(TURBO_LOCKED, "NotLocked", "turbo follows its switch"));
    }
    out.add(applied(r));
    if (r.clamped().isEmpty()) {
      out.add(ConditionSpec.isFalse(CLAMPED, "NotClamped", "no profile window is clamped"));
    } else {
      List<Integer> cpus = new ArrayList<>(new TreeMap<>(r.clamped()).keySet());
      out.add(
          ConditionSpec.isTrue(
              CLAMPED,
              "TurboOff",
              "cpus "
                  + CpuSet.of(cpus)
                  + ": "
                  + new TreeMap<>(r.clamped()).firstEntry().getValue()
                  + (cpus.size() > 1 ? " (and " + (cpus.size() - 1) + " more)" : "")));
    }
    return out;
  }

  /** {@link #NODE_SETTINGS_APPLIED} for the settings {@code r} applied (present). */
  private static ConditionSpec applied(TurboControl.Result r) {
    String head =
        "PowerNodeSettings "
            + r.settings().orElseThrow()
            + ": turbo "
            + (r.knob().isEmpty() ? "has no switch" : r.on() ? "on" : "off");
    if (r.locked()) {
      return ConditionSpec.isFalse(
          NODE_SETTINGS_APPLIED,
          "TurboLocked",
          head + "; firmware keeps turbo off (switching it on was refused: EPERM)");
    }
    if (!r.refused().isEmpty()) {
      TreeMap<Integer, String> refused = new TreeMap<>(r.refused());
      return ConditionSpec.isFalse(
          NODE_SETTINGS_APPLIED,
          "Refused",
          head
              + "; cpus "
              + CpuSet.of(List.copyOf(refused.keySet()))
              + " refused: "
              + refused.firstEntry().getValue()
              + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more)" : ""));
    }
    if (!r.clamped().isEmpty()) {
      TreeMap<Integer, String> clamped = new TreeMap<>(r.clamped());
      return ConditionSpec.isTrue(
          NODE_SETTINGS_APPLIED,
          "Clamped",
          head
              + "; cpus "
              + CpuSet.of(List.copyOf(clamped.keySet()))
              + " clamped: "
              + clamped.firstEntry().getValue());
    }
    return ConditionSpec.isTrue(NODE_SETTINGS_APPLIED, "Applied", head);
  }

  /**
   * A Warning Event {@code Clamped} for each pod with a clamped CPU, only when it differs from the
   * last time.
   */
  public List<PodEvent> events(TurboControl.Result r, Map<PodKey, CpuSet> podCpus) {
    List<PodEvent> out = new ArrayList<>();
    Set<String> now = new HashSet<>();
    podCpus.forEach(
        (pod, cpus) -> {
          Optional<String> first =
              new TreeMap<>(r.clamped())
                  .entrySet().stream()
                      .filter(e -> cpus.contains(e.getKey()))
                      .map(Map.Entry::getValue)
                      .findFirst();
          if (first.isPresent()) {
            String key = pod.uid() + "/" + first.get();
            now.add(key);
            if (!lastEvents.contains(key)) {
              out.add(new PodEvent(pod, true, CLAMPED, first.get()));
            }
          }
        });
    lastEvents = Set.copyOf(now);
    return out;
  }
}
