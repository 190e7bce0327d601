package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;

/**
 * Intel v1's CStates fields (so their manifests apply unchanged), plus an optional {@code
 * nodeSelector}. State maps are state name → {@code true} enabled / {@code false} disabled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "sharedPoolCStates",
  "exclusivePoolCStates",
  "individualCoreCStates",
  "nodeSelector"
})
public class CStatesSpec {

  @JsonPropertyDescription("Idle states of the Shared pool's CPUs: state -> enabled.")
  private Map<String, Boolean> sharedPoolCStates;

  @JsonPropertyDescription(
      "Idle states of the CPUs running a profile: profile -> state -> enabled. A base profile"
          + " name such as performance also covers its per-node profile performance-<node>.")
  private Map<String, Map<String, Boolean>> exclusivePoolCStates;

  @JsonPropertyDescription(
      "Idle states of single CPUs, reserved ones included: decimal CPU id -> state -> enabled."
          + " Wins over the pool settings.")
  private Map<String, Map<String, Boolean>> individualCoreCStates;

  @JsonPropertyDescription(
      "The nodes this object applies to; when absent, metadata.name is the node's name.")
  private LabelSelector nodeSelector;

  public Map<String, Boolean> getSharedPoolCStates() {
    return sharedPoolCStates;
  }

  public void setSharedPoolCStates(Map<String, Boolean> sharedPoolCStates) {
    this.sharedPoolCStates = sharedPoolCStates;
  }

  public Map<String, Map<String, Boolean>> getExclusivePoolCStates() {
    return exclusivePoolCStates;
  }

  public void setExclusivePoolCStates(Map<String, Map<String, Boolean>> exclusivePoolCStates) {
    this.exclusivePoolCStates = exclusivePoolCStates;
  }

  public Map<String, Map<String, Boolean>> getIndividualCoreCStates() {
    return individualCoreCStates;
  }

  public void setIndividualCoreCStates(Map<String, Map<String, Boolean>> individualCoreCStates) {
    this.individualCoreCStates = individualCoreCStates;
  }

  public LabelSelector getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(LabelSelector nodeSelector) {
    this.nodeSelector = nodeSelector;
  }
}
