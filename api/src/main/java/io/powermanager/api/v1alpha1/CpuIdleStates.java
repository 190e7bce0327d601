package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status.cstates[]} of a PowerNode: CPUs whose idle states a profile or a CStates object
 * sets, grouped by the states they have disabled now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"cpus", "disabled"})
public class CpuIdleStates {

  @JsonPropertyDescription("The CPUs, as a cpulist (e.g. 2-3,5).")
  private String cpus;

  @JsonPropertyDescription("The idle states disabled on them, shallowest first.")
  private List<String> disabled = new ArrayList<>();

  public CpuIdleStates() {}

  public CpuIdleStates(String cpus, List<String> disabled) {
    this.cpus = cpus;
    this.disabled = disabled;
  }

  public String getCpus() {
    return cpus;
  }

  public void setCpus(String cpus) {
    this.cpus = cpus;
  }

  public List<String> getDisabled() {
    return disabled;
  }

  public void setDisabled(List<String> disabled) {
    this.disabled = disabled;
  }
}
