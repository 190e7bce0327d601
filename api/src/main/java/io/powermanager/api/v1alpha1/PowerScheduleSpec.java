package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** What a PowerSchedule asks for: which nodes, in which zone, which entries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"nodeSelector", "timeZone", "entries"})
public class PowerScheduleSpec {

  @Required
  @JsonPropertyDescription("The nodes the schedule applies to; at most one schedule per node.")
  private LabelSelector nodeSelector;

  @JsonPropertyDescription(
      "IANA time zone the entries' times are read in, e.g. Europe/Dublin; default UTC.")
  private String timeZone;

  @Required
  @Size(min = 1, max = 48)
  @JsonPropertyDescription(
      "1 to 48 entries; the active one is the latest whose (day, time) is at or before now.")
  private List<PowerScheduleEntry> entries = new ArrayList<>();

  public LabelSelector getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(LabelSelector nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public List<PowerScheduleEntry> getEntries() {
    return entries;
  }

  public void setEntries(List<PowerScheduleEntry> entries) {
    this.entries = entries;
  }
}
