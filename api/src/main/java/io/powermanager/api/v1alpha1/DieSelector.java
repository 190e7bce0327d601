package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;

/** One {@code spec.dieSelector[]} entry of an Uncore (Intel v1's fields). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"package", "die", "min", "max"})
public class DieSelector {

  @Required
  @com.fasterxml.jackson.annotation.JsonProperty("package")
  @JsonPropertyDescription("The package (physical_package_id).")
  private Integer packageId;

  @JsonPropertyDescription("The die in the package (TPMI: domain_id); omitted: every die.")
  private Integer die;

  @Required
  @JsonPropertyDescription("Floor (kHz).")
  private Long min;

  @Required
  @JsonPropertyDescription("Ceiling (kHz).")
  private Long max;

  public DieSelector() {}

  public DieSelector(Integer packageId, Integer die, Long min, Long max) {
    this.packageId = packageId;
    this.die = die;
    this.min = min;
    this.max = max;
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

  public Long getMin() {
    return min;
  }

  public void setMin(Long min) {
    this.min = min;
  }

  public Long getMax() {
    return max;
  }

  public void setMax(Long max) {
    this.max = max;
  }
}
