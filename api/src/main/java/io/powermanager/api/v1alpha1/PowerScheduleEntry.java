package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.powermanager.domain.schedule.ScheduleText;
import java.util.ArrayList;
import java.util.List;

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

  @JsonPropertyDescription(
      "A CStates spec layer over the node's CStates object while the entry is active (per state"
          + " name, this layer wins); no nodeSelector: it applies to the schedule's nodes.")
  private CStatesSpec cstates;

  @JsonPropertyDescription(
      "An Uncore spec layer over the node's Uncore object while the entry is active (per domain"
          + " and bound, this layer wins); no nodeSelector: it applies to the schedule's nodes.")
  private UncoreSpec uncore;

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

  public CStatesSpec getCstates() {
    return cstates;
  }

  public void setCstates(CStatesSpec cstates) {
    this.cstates = cstates;
  }

  public UncoreSpec getUncore() {
    return uncore;
  }

  public void setUncore(UncoreSpec uncore) {
    this.uncore = uncore;
  }
}
