package io.powermanager.extender;

import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.capacity.PowerDemand;
import io.powermanager.extender.wire.BadRequestException;
import io.powermanager.extender.wire.ExtenderArgs;
import io.powermanager.extender.wire.HostPriority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code /prioritize}: one score from 0 to 10 per candidate node, in request order, from the
 * headroom the node keeps after placing the pod ({@link ScorePolicy}). Nodes the pod does not fit
 * on score 0; a pod asking for no power profile gets {@link ScorePolicy#NEUTRAL_SCORE} on every
 * node. Costs O(candidates); thread-safe.
 */
public final class PrioritizeService {

  private final CapacityView view;
  private final ScorePolicy policy;

  public PrioritizeService(CapacityView view, ScorePolicy policy) {
    this.view = Objects.requireNonNull(view, "view");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public ScorePolicy policy() {
    return policy;
  }

  /**
   * @return the scores; empty when the view has not synced (kube-scheduler then adds nothing from
   *     this extender, as it does for any prioritize failure)
   * @throws BadRequestException when the pod's power requests or the node list cannot be read
   */
  public List<HostPriority> prioritize(ExtenderArgs args) {
    List<String> problems = new ArrayList<>();
    PowerDemand demand = PowerDemand.of(args.pod(), problems);
    if (!problems.isEmpty()) {
      throw new BadRequestException("Pod " + String.join("; ", problems));
    }
    List<String> candidates = args.candidates();
    List<HostPriority> out = new ArrayList<>(candidates.size());
    if (demand.isEmpty()) {
      candidates.forEach(n -> out.add(new HostPriority(n, ScorePolicy.NEUTRAL_SCORE)));
      return out;
    }
    if (!view.isSynced()) {
      return out;
    }
    Instant now = view.clock().instant();
    Demand cpus = Demand.of(demand.cpusByProfile());
    for (String name : candidates) {
      var node = view.node(name);
      int score =
          Fit.judge(node, cpus, now) instanceof Fit.Fits
              ? policy.score(node, cpus)
              : ScorePolicy.MIN_SCORE;
      out.add(new HostPriority(name, score));
    }
    return out;
  }
}
