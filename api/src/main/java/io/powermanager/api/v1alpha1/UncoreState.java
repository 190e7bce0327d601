package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One uncore domain in a PowerNode's {@code status.uncore[]}: applied and current values, kHz. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"domain", "minKHz", "maxKHz", "currentKHz", "originalMinKHz", "originalMaxKHz"})
public class UncoreState {

  @JsonPropertyDescription("Directory under intel_uncore_frequency/, e.g. package_00_die_00.")
  private String domain;

  @JsonProperty("minKHz")
  @JsonPropertyDescription("min_freq_khz as read back.")
  private Long minKHz;

  @JsonProperty("maxKHz")
  @JsonPropertyDescription("max_freq_khz as read back.")
  private Long maxKHz;

  @JsonProperty("currentKHz")
  @JsonPropertyDescription("current_freq_khz, where the domain has it.")
  private Long currentKHz;

  @JsonProperty("originalMinKHz")
  @JsonPropertyDescription("min_freq_khz before the agent first wrote it (restored on stop).")
  private Long originalMinKHz;

  @JsonProperty("originalMaxKHz")
  @JsonPropertyDescription("max_freq_khz before the agent first wrote it (restored on stop).")
  private Long originalMaxKHz;

  public UncoreState() {}

  public UncoreState(
      String domain,
      Long minKHz,
      Long maxKHz,
      Long currentKHz,
      Long originalMinKHz,
      Long originalMaxKHz) {
    this.domain = domain;
    this.minKHz = minKHz;
    this.maxKHz = maxKHz;
    this.currentKHz = currentKHz;
    this.originalMinKHz = originalMinKHz;
    this.originalMaxKHz = originalMaxKHz;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public Long getMinKHz() {
    return minKHz;
  }

  public void setMinKHz(Long minKHz) {
    this.minKHz = minKHz;
  }

  public Long getMaxKHz() {
    return maxKHz;
  }

  public void setMaxKHz(Long maxKHz) {
    this.maxKHz = maxKHz;
  }

  public Long getCurrentKHz() {
    return currentKHz;
  }

  public void setCurrentKHz(Long currentKHz) {
    this.currentKHz = currentKHz;
  }

  public Long getOriginalMinKHz() {
    return originalMinKHz;
  }

  public void setOriginalMinKHz(Long originalMinKHz) {
    this.originalMinKHz = originalMinKHz;
  }

  public Long getOriginalMaxKHz() {
    return originalMaxKHz;
  }

  public void setOriginalMaxKHz(Long originalMaxKHz) {
    this.originalMaxKHz = originalMaxKHz;
  }
}
