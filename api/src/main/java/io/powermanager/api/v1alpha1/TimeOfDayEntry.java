package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.powermanager.domain.schedule.ScheduleText;
import java.util.ArrayList;
import java.util.List;

/** Intel's {@code ScheduleInfo}: a start time, the Shared pool's profile, pod retunes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"time", "powerProfile", "pods", "cState"})
public class TimeOfDayEntry {

  @Required
  @Pattern(ScheduleText.AT_PATTERN)
  @JsonPropertyDescription("Local start time, HH:MM or HH:MM:SS, every day.")
  private String time;

  @JsonPropertyDescription(
      "The Shared pool's profile while active; a base name runs the node's <base>-<node>.")
  private String powerProfile;

  @JsonPropertyDescription("Retune the CPUs of pods matching labels to target.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<TimeOfDayPods> pods = new ArrayList<>();

  @JsonProperty("cState")
  @JsonPropertyDescription(
      "A CStates spec layer over the node's CStates object while the entry is active (per state"
          + " name, this layer wins).")
  private CStatesSpec cState;

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getPowerProfile() {
    return powerProfile;
  }

  public void setPowerProfile(String powerProfile) {
    this.powerProfile = powerProfile;
  }

  public List<TimeOfDayPods> getPods() {
    return pods;
  }

  public void setPods(List<TimeOfDayPods> pods) {
    this.pods = pods;
  }

  @JsonProperty("cState")
  public CStatesSpec getCState() {
    return cState;
  }

  @JsonProperty("cState")
  public void setCState(CStatesSpec cState) {
    this.cState = cState;
  }
}
