package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** CPUs that share one frequency range ({@code status.hardware.coreTypes[]}); MHz throughout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"cpus", "cpuinfoMinMHz", "cpuinfoMaxMHz", "baseMHz"})
public class CoreType {

  @JsonPropertyDescription("The CPUs of this type (cpulist).")
  private String cpus;

  @JsonProperty("cpuinfoMinMHz")
  @JsonPropertyDescription("cpuinfo_min_freq in MHz.")
  private Integer cpuinfoMinMHz;

  @JsonProperty("cpuinfoMaxMHz")
  @JsonPropertyDescription("cpuinfo_max_freq in MHz.")
  private Integer cpuinfoMaxMHz;

  @JsonProperty("baseMHz")
  @JsonPropertyDescription("base_frequency in MHz; absent when the driver does not expose it.")
  private Integer baseMHz;

  public CoreType() {}

  public CoreType(String cpus, Integer cpuinfoMinMHz, Integer cpuinfoMaxMHz, Integer baseMHz) {
    this.cpus = cpus;
    this.cpuinfoMinMHz = cpuinfoMinMHz;
    this.cpuinfoMaxMHz = cpuinfoMaxMHz;
    this.baseMHz = baseMHz;
  }

  public String getCpus() {
    return cpus;
  }

  public void setCpus(String cpus) {
    this.cpus = cpus;
  }

  public Integer getCpuinfoMinMHz() {
    return cpuinfoMinMHz;
  }

  public void setCpuinfoMinMHz(Integer cpuinfoMinMHz) {
    this.cpuinfoMinMHz = cpuinfoMinMHz;
  }

  public Integer getCpuinfoMaxMHz() {
    return cpuinfoMaxMHz;
  }

  public void setCpuinfoMaxMHz(Integer cpuinfoMaxMHz) {
    this.cpuinfoMaxMHz = cpuinfoMaxMHz;
  }

  public Integer getBaseMHz() {
    return baseMHz;
  }

  public void setBaseMHz(Integer baseMHz) {
    this.baseMHz = baseMHz;
  }
}
