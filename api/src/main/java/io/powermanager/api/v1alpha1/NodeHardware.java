package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status.hardware} of a PowerNode: the power capabilities the agent read from sysfs. Absent
 * files are facts too: they are listed in {@code missing}, never guessed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "driver",
  "cpus",
  "coreTypes",
  "governors",
  "epps",
  "eppSupported",
  "cstates",
  "uncore",
  "turboKnob",
  "turbo",
  "missing"
})
public class NodeHardware {

  @JsonPropertyDescription("scaling_driver, e.g. intel_pstate, intel_cpufreq, acpi-cpufreq.")
  private String driver;

  @JsonPropertyDescription("Online CPUs (cpulist, e.g. 0-223).")
  private String cpus;

  @JsonPropertyDescription("Groups of CPUs with the same frequency range.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<CoreType> coreTypes = new ArrayList<>();

  @JsonPropertyDescription("scaling_available_governors.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> governors = new ArrayList<>();

  @JsonPropertyDescription("energy_performance_available_preferences; empty when unsupported.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> epps = new ArrayList<>();

  @JsonPropertyDescription("Whether energy_performance_preference can be written.")
  private Boolean eppSupported;

  @JsonPropertyDescription("cpuidle states of the CPUs.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<CState> cstates = new ArrayList<>();

  @JsonPropertyDescription("Uncore frequency domains (package/die).")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<UncoreDomain> uncore = new ArrayList<>();

  @JsonPropertyDescription(
      "The node's turbo switch: intel_pstate/no_turbo or cpufreq/boost; absent when it has none.")
  private String turboKnob;

  @JsonPropertyDescription("Whether turbo is on now (read from the switch).")
  private Boolean turbo;

  @JsonPropertyDescription("sysfs files that are absent on this node, e.g. cpufreq/base_frequency.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> missing = new ArrayList<>();

  public String getDriver() {
    return driver;
  }

  public void setDriver(String driver) {
    this.driver = driver;
  }

  public String getCpus() {
    return cpus;
  }

  public void setCpus(String cpus) {
    this.cpus = cpus;
  }

  public List<CoreType> getCoreTypes() {
    return coreTypes;
  }

  public void setCoreTypes(List<CoreType> coreTypes) {
    this.coreTypes = coreTypes;
  }

  public List<String> getGovernors() {
    return governors;
  }

  public void setGovernors(List<String> governors) {
    this.governors = governors;
  }

  public List<String> getEpps() {
    return epps;
  }

  public void setEpps(List<String> epps) {
    this.epps = epps;
  }

  public Boolean getEppSupported() {
    return eppSupported;
  }

  public void setEppSupported(Boolean eppSupported) {
    this.eppSupported = eppSupported;
  }

  public List<CState> getCstates() {
    return cstates;
  }

  public void setCstates(List<CState> cstates) {
    this.cstates = cstates;
  }

  public List<UncoreDomain> getUncore() {
    return uncore;
  }

  public void setUncore(List<UncoreDomain> uncore) {
    this.uncore = uncore;
  }

  public List<String> getMissing() {
    return missing;
  }

  public void setMissing(List<String> missing) {
    this.missing = missing;
  }

  public String getTurboKnob() {
    return turboKnob;
  }

  public void setTurboKnob(String turboKnob) {
    this.turboKnob = turboKnob;
  }

  public Boolean getTurbo() {
    return turbo;
  }

  public void setTurbo(Boolean turbo) {
    this.turbo = turbo;
  }
}
