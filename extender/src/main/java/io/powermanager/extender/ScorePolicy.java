package io.powermanager.extender;

import io.powermanager.extender.capacity.NodeState;
import java.util.Map;

/**
 * How {@code /prioritize} turns the capacity a node has left after placing the pod into a score
 * from {@value #MIN_SCORE} to {@value #MAX_SCORE}. Pure.
 *
 * <p>Headroom is the share of a profile's allocatable CPUs still free after the pod's CPUs are
 * taken: {@code (remaining − needed) / allocatable}. A pod asking for several profiles is judged by
 * its tightest profile (the smallest share). The share becomes a score in integer arithmetic,
 * rounding half up, so the same view and pod always give the same scores on every machine. Nodes
 * with equal headroom get equal scores; telling them apart is left to kube-scheduler's own plugins
 * and, for equal totals, its own choice. A node the pod does not fit on scores {@value #MIN_SCORE}
 * under both policies.
 */
public enum ScorePolicy {
  /** More headroom scores higher: pods spread over nodes. The default. */
  SPREAD,
  /** Less headroom scores higher: pods fill nodes one after another. */
  BINPACK;

  /** {@code MinExtenderPriority} of kube-scheduler's extender API. */
  public static final int MIN_SCORE = 0;

  /** {@code MaxExtenderPriority} of kube-scheduler's extender API. */
  public static final int MAX_SCORE = 10;

  /**
   * The score every node gets for a pod that asks for no power profile: {@value}, so the extender
   * adds nothing to the scheduler's own ranking.
   */
  public static final int NEUTRAL_SCORE = 0;

  /**
   * Scores a node the pod fits on ({@link Fit#judge} returned {@link Fit.Fits}).
   *
   * @param demand profile to CPUs, not empty
   */
  public int score(NodeState node, Map<String, Long> demand) {
    return score(node, Demand.of(demand));
  }

  /** As {@link #score(NodeState, Map)}, for a demand flattened once per request. */
  int score(NodeState node, Demand demand) {
    long leftNum = 1;
    long leftDen = 1; // the tightest share so far, as a fraction; starts at 1 (all free)
    for (int i = 0; i < demand.size(); i++) {
      int slot = node.slot(demand.profile(i));
      long allocatable = node.allocatableAt(slot);
      long left = node.remainingAt(slot) - demand.cpus(i);
      if (allocatable <= 0 || left < 0) {
        return MIN_SCORE;
      }
      if (left * leftDen < leftNum * allocatable) {
        leftNum = left;
        leftDen = allocatable;
      }
    }
    int spread = (int) ((2 * MAX_SCORE * leftNum + leftDen) / (2 * leftDen));
    spread = Math.max(MIN_SCORE, Math.min(MAX_SCORE, spread));
    return this == SPREAD ? spread : MAX_SCORE - spread;
  }

  /** {@code spread} or {@code binpack}, as given on a command line. */
  public static ScorePolicy parse(String name) {
    for (ScorePolicy p : values()) {
      if (p.name().equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "score policy \"" + name + "\" is not one of: spread, binpack");
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
