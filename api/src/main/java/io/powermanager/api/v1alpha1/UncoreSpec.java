package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Intel v1's Uncore fields plus an optional {@code nodeSelector}; kHz throughout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"nodeSelector", "sysMin", "sysMax", "dieSelector"})
public class UncoreSpec {

  @JsonPropertyDescription(
      "Nodes this object applies to (labels, all must match). Empty: the node named like the"
          + " object.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Floor of every uncore domain (kHz). Alone, only the floor changes; the driver keeps 100 MHz"
          + " steps.")
  private Long sysMin;

  @JsonPropertyDescription("Ceiling of every uncore domain (kHz). Alone, only the ceiling changes.")
  private Long sysMax;

  @JsonPropertyDescription(
      "Limits of one package (die omitted: every die of it) or one die; win over sysMin/sysMax,"
          + " a die entry over a package entry.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<DieSelector> dieSelector = new ArrayList<>();

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public Long getSysMin() {
    return sysMin;
  }

  public void setSysMin(Long sysMin) {
    this.sysMin = sysMin;
  }

  public Long getSysMax() {
    return sysMax;
  }

  public void setSysMax(Long sysMax) {
    this.sysMax = sysMax;
  }

  public List<DieSelector> getDieSelector() {
    return dieSelector;
  }

  public void setDieSelector(List<DieSelector> dieSelector) {
    this.dieSelector = dieSelector;
  }
}
