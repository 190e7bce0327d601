package io.powermanager.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** v1alpha1's status (written only by the node's agent) plus Intel v2.5's CPU state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PowerNodeStatus extends io.powermanager.api.v1alpha1.PowerNodeStatus {

  @JsonPropertyDescription("Intel v2.5: the Shared pool and the Guaranteed pods' CPUs.")
  private PowerNodeCpuState powerNodeCPUState;

  public PowerNodeCpuState getPowerNodeCPUState() {
    return powerNodeCPUState;
  }

  public void setPowerNodeCPUState(PowerNodeCpuState powerNodeCPUState) {
    this.powerNodeCPUState = powerNodeCPUState;
  }
}
