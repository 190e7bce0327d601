package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An uncore frequency domain ({@code status.hardware.uncore[]}); MHz throughout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"domain", "package", "die", "initialMinMHz", "initialMaxMHz"})
public class UncoreDomain {

  @JsonPropertyDescription("Directory name, e.g. package_00_die_00.")
  private String domain;

  @JsonProperty("package")
  @JsonPropertyDescription("The package (TPMI: package_id).")
  private Integer packageId;

  @JsonPropertyDescription("The die in the package (TPMI: domain_id).")
  private Integer die;

  @JsonProperty("initialMinMHz")
  @JsonPropertyDescription("initial_min_freq_khz in MHz.")
  private Integer initialMinMHz;

  @JsonProperty("initialMaxMHz")
  @JsonPropertyDescription("initial_max_freq_khz in MHz.")
  private Integer initialMaxMHz;

  public UncoreDomain() {}

  public UncoreDomain(String domain, Integer initialMinMHz, Integer initialMaxMHz) {
    this.domain = domain;
    this.initialMinMHz = initialMinMHz;
    this.initialMaxMHz = initialMaxMHz;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public Integer getPackage() {
    return packageId;
  }

  public void setPackage(Integer packageId) {
    this.packageId = packageId;
  }

  public Integer getDie() {
    return die;
  }

  public void setDie(Integer die) {
    this.die = die;
  }

  public Integer getInitialMinMHz() {
    return initialMinMHz;
  }

  public void setInitialMinMHz(Integer initialMinMHz) {
    this.initialMinMHz = initialMinMHz;
  }

  public Integer getInitialMaxMHz() {
    return initialMaxMHz;
  }

  public void setInitialMaxMHz(Integer initialMaxMHz) {
    this.initialMaxMHz = initialMaxMHz;
  }
}
