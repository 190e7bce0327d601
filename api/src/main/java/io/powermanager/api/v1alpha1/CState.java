package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A cpuidle state ({@code status.hardware.cstates[]}), matched by name, never by index. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "latencyUs", "residencyUs"})
public class CState {

  @JsonPropertyDescription("State name, e.g. POLL, C1, C1E, C6.")
  private String name;

  @JsonPropertyDescription("Exit latency in microseconds.")
  private Integer latencyUs;

  @JsonPropertyDescription("Target residency in microseconds.")
  private Integer residencyUs;

  public CState() {}

  public CState(String name, Integer latencyUs, Integer residencyUs) {
    this.name = name;
    this.latencyUs = latencyUs;
    this.residencyUs = residencyUs;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getLatencyUs() {
    return latencyUs;
  }

  public void setLatencyUs(Integer latencyUs) {
    this.latencyUs = latencyUs;
  }

  public Integer getResidencyUs() {
    return residencyUs;
  }

  public void setResidencyUs(Integer residencyUs) {
    this.residencyUs = residencyUs;
  }
}
