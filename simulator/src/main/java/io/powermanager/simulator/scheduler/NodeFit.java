package io.powermanager.simulator.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * kube-scheduler's in-tree filters that matter here, with its wording: {@code NodeUnschedulable}
 * ("node(s) were unschedulable"), {@code NodeAffinity} for {@code spec.nodeSelector} ("node(s)
 * didn't match Pod's node affinity/selector"), {@code TaintToleration} for {@code NoSchedule} and
 * {@code NoExecute} taints ("node(s) had untolerated taint {key: value}") and {@code
 * NodeResourcesFit} ("Insufficient cpu", "Insufficient power.intel.com/performance", "Too many
 * pods") against node allocatable minus what the pods bound there request; plus its default {@code
 * LeastAllocated} score. Pure.
 */
public final class NodeFit {

  private NodeFit() {}

  /**
   * Why the pod cannot go to the node; empty when it fits.
   *
   * @param requests the pod's requests ({@link PodRequests#of})
   * @param used what the non-terminal pods bound to the node request, summed, with {@link
   *     PodRequests#PODS} their number
   */
  public static List<String> reasons(
      Pod pod, Map<String, Long> requests, Node node, Map<String, Long> used) {
    List<String> reasons = new ArrayList<>();
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      reasons.add("node(s) were unschedulable");
    }
    Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
    Map<String, String> labels = node.getMetadata().getLabels();
    if (selector != null
        && !selector.isEmpty()
        && (labels == null || !labels.entrySet().containsAll(selector.entrySet()))) {
      reasons.add("node(s) didn't match Pod's node affinity/selector");
    }
    untoleratedTaint(pod, node).ifPresent(reasons::add);
    Map<String, Long> allocatable = allocatable(node);
    if (used.getOrDefault(PodRequests.PODS, 0L) + 1
        > allocatable.getOrDefault(PodRequests.PODS, 0L)) {
      reasons.add("Too many pods");
    }
    for (Map.Entry<String, Long> r : requests.entrySet()) {
      if (r.getValue() <= 0) {
        continue;
      }
      long free = allocatable.getOrDefault(r.getKey(), 0L) - used.getOrDefault(r.getKey(), 0L);
      if (r.getValue() > free) {
        reasons.add("Insufficient " + r.getKey());
      }
    }
    return reasons;
  }

  /**
   * {@code NodeResourcesFit}'s default {@code LeastAllocated} score, 0-100: the mean over cpu and
   * memory of the share of allocatable left once the pod is placed.
   */
  public static long leastAllocatedScore(
      Map<String, Long> requests, Node node, Map<String, Long> used) {
    Map<String, Long> allocatable = allocatable(node);
    long total = 0;
    for (String resource : List.of(PodRequests.CPU, PodRequests.MEMORY)) {
      long capacity = allocatable.getOrDefault(resource, 0L);
      long after = used.getOrDefault(resource, 0L) + requests.getOrDefault(resource, 0L);
      total += capacity <= 0 || after > capacity ? 0 : (capacity - after) * 100 / capacity;
    }
    return total / 2;
  }

  /** The node's allocatable resources in {@link PodRequests}' units. */
  public static Map<String, Long> allocatable(Node node) {
    Map<String, Long> result = new TreeMap<>();
    if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
      node.getStatus().getAllocatable().forEach((k, v) -> result.put(k, PodRequests.amount(k, v)));
    }
    return result;
  }

  private static java.util.Optional<String> untoleratedTaint(Pod pod, Node node) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return java.util.Optional.empty();
    }
    List<Toleration> tolerations =
        pod.getSpec() == null || pod.getSpec().getTolerations() == null
            ? List.of()
            : pod.getSpec().getTolerations();
    for (Taint taint : node.getSpec().getTaints()) {
      if (!"NoSchedule".equals(taint.getEffect()) && !"NoExecute".equals(taint.getEffect())) {
        continue;
      }
      boolean tolerated = tolerations.stream().anyMatch(t -> tolerates(t, taint));
      if (!tolerated) {
        return java.util.Optional.of(
            "node(s) had untolerated taint {"
                + taint.getKey()
                + ": "
                + Objects.requireNonNullElse(taint.getValue(), "")
                + "}");
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean tolerates(Toleration t, Taint taint) {
    if (t.getEffect() != null
        && !t.getEffect().isEmpty()
        && !t.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (t.getKey() == null || t.getKey().isEmpty()) {
      return "Exists".equals(t.getOperator());
    }
    if (!t.getKey().equals(taint.getKey())) {
      return false;
    }
    return "Exists".equals(t.getOperator())
        || Objects.equals(
            Objects.requireNonNullElse(t.getValue(), ""),
            Objects.requireNonNullElse(taint.getValue(), ""));
  }
}
