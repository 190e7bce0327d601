package io.powermanager.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.powermanager.api.v1alpha1.PowerNode;
import java.util.List;

/**
 * How a node agent tells, on its PowerNode, that it stopped: condition {@code Ready=False} with
 * reason {@link #RESTORED} when every CPU it had tuned is back to its snapshot, {@link
 * #RESTORE_FAILED} when some are not. The reconciler deletes the PowerNode of a restored node once
 * no PowerConfig is left (power management switched off).
 */
public final class AgentStop {

  /** The condition type the agent sets on stop. */
  public static final String CONDITION = "Ready";

  /** The agent stopped and every CPU it had tuned is restored. */
  public static final String RESTORED = "AgentStopped";

  /** The agent stopped but could not restore every CPU. */
  public static final String RESTORE_FAILED = "RestoreFailed";

  private AgentStop() {}

  /** Whether the PowerNode says its agent stopped and restored every CPU. */
  public static boolean restored(PowerNode node) {
    List<Condition> conditions =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? List.of()
            : node.getStatus().getConditions();
    return conditions.stream()
        .anyMatch(
            c ->
                CONDITION.equals(c.getType())
                    && "False".equals(c.getStatus())
                    && RESTORED.equals(c.getReason()));
  }
}
