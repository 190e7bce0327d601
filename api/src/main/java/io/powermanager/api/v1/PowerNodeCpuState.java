package io.powermanager.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** {@code status.powerNodeCPUState} of a v1 PowerNode (Intel v2.5). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"sharedPool", "guaranteedPods"})
public class PowerNodeCpuState {

  @JsonPropertyDescription("The CPUs of the Shared pool.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<@Min(0) Integer> sharedPool = new ArrayList<>();

  @JsonPropertyDescription("Guaranteed pods with exclusive CPUs on this node.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<GuaranteedPod> guaranteedPods = new ArrayList<>();

  public List<Integer> getSharedPool() {
    return sharedPool;
  }

  public void setSharedPool(List<Integer> sharedPool) {
    this.sharedPool = sharedPool;
  }

  public List<GuaranteedPod> getGuaranteedPods() {
    return guaranteedPods;
  }

  public void setGuaranteedPods(List<GuaranteedPod> guaranteedPods) {
    this.guaranteedPods = guaranteedPods;
  }
}
