package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.powermanager.domain.schedule.ScheduleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One PowerSchedule entry: when it starts and the layers that hold while it is active. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"at", "days", "sharedProfile", "profileOverrides", "cstates", "uncore"})
public class PowerScheduleEntry {

  @Required
  @Pattern(ScheduleText.AT_PATTERN)
  @JsonPropertyDescription("Local start time, HH:MM or HH:MM:SS.")
  private String at;

  @JsonPropertyDescription("Days it applies on (Mon ... Sun); default every day.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<@Pattern(ScheduleText.DAY_PATTERN) String> days = new ArrayList<>();

  @JsonPropertyDescription(
      "The Shared pool's profile while active; a base name (balance-power) runs the node's"
          + " <base>-<node>.")
  private String sharedProfile;

  @JsonPropertyDescription(
      "Retune the CPUs of matching pods on the selected nodes; extended-resource accounting stays"
          + " on the requested profile.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<ProfileOverride> profileOverrides = new ArrayList<>();

  @PreserveUnknownFields
  @JsonPropertyDescription("A CStates spec layer (accepted; not applied by this version).")
  private Map<String, Object> cstates;

  @PreserveUnknownFields
  @JsonPropertyDescription("An Uncore spec layer (accepted; not applied by this version).")
  private Map<String, Object> uncore;

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public List<String> getDays() {
    return days;
  }

  public void setDays(List<String> days) {
    this.days = days;
  }

  public String getSharedProfile() {
    return sharedProfile;
  }

  public void setSharedProfile(String sharedProfile) {
    this.sharedProfile = sharedProfile;
  }

  public List<ProfileOverride> getProfileOverrides() {
    return profileOverrides;
  }

  public void setProfileOverrides(List<ProfileOverride> profileOverrides) {
    this.profileOverrides = profileOverrides;
  }

  public Map<String, Object> getCstates() {
    return cstates;
  }

  public void setCstates(Map<String, Object> cstates) {
    this.cstates = cstates;
  }

  public Map<String, Object> getUncore() {
    return uncore;
  }

  public void setUncore(Map<String, Object> uncore) {
    this.uncore = uncore;
  }
}
