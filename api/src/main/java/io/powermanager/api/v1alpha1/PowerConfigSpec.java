package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user asks of the cluster: the agent image, the power nodes and the base profiles; the
 * same class is the spec of both served versions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "powerImage",
  "powerNodeSelector",
  "powerProfiles",
  "baseProfileWindows",
  "customDevices"
})
public class PowerConfigSpec {

  @JsonPropertyDescription("Container image of the node agent DaemonSet.")
  private String powerImage;

  @JsonPropertyDescription("Node labels a node must carry to run the node agent.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private Map<String, String> powerNodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Base profiles to create: performance, balance-performance, balance-power.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> powerProfiles = new ArrayList<>();

  @JsonPropertyDescription(
      "Windows overriding the derived ones of the listed base profiles, by base profile name,"
          + " e.g. balance-power: {min: \"40%\", max: \"55%\"}; written into the base profiles"
          + " the config manages.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private Map<String, FrequencyWindow> baseProfileWindows = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Extended resources a device plugin hands out as CPUs (e.g. windriver.com/isolcpus): a"
          + " container with a whole number of them needs no Guaranteed QoS, and its profile units"
          + " equal its device units.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> customDevices = new ArrayList<>();

  public List<String> getCustomDevices() {
    return customDevices;
  }

  public void setCustomDevices(List<String> customDevices) {
    this.customDevices = customDevices;
  }

  public String getPowerImage() {
    return powerImage;
  }

  public void setPowerImage(String powerImage) {
    this.powerImage = powerImage;
  }

  public Map<String, String> getPowerNodeSelector() {
    return powerNodeSelector;
  }

  public void setPowerNodeSelector(Map<String, String> powerNodeSelector) {
    this.powerNodeSelector = powerNodeSelector;
  }

  public List<String> getPowerProfiles() {
    return powerProfiles;
  }

  public void setPowerProfiles(List<String> powerProfiles) {
    this.powerProfiles = powerProfiles;
  }

  public Map<String, FrequencyWindow> getBaseProfileWindows() {
    return baseProfileWindows;
  }

  public void setBaseProfileWindows(Map<String, FrequencyWindow> baseProfileWindows) {
    this.baseProfileWindows = baseProfileWindows;
  }
}
