package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Intel's TimeOfDay spec, field for field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"timeZone", "schedule", "reservedCPUs"})
public class TimeOfDaySpec {

  @JsonPropertyDescription("IANA time zone the times are read in; default UTC.")
  private String timeZone;

  @Required
  @Size(min = 1, max = 48)
  @JsonPropertyDescription("1 to 48 entries, each from its time until the next entry's.")
  private List<TimeOfDayEntry> schedule = new ArrayList<>();

  @JsonProperty("reservedCPUs")
  @JsonPropertyDescription(
      "Accepted for Intel compatibility and compared with the kubelet's reserved CPUs; never"
          + " needed.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<@Min(0) @Max(8191) Integer> reservedCPUs = new ArrayList<>();

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public List<TimeOfDayEntry> getSchedule() {
    return schedule;
  }

  public void setSchedule(List<TimeOfDayEntry> schedule) {
    this.schedule = schedule;
  }

  public List<Integer> getReservedCPUs() {
    return reservedCPUs;
  }

  public void setReservedCPUs(List<Integer> reservedCPUs) {
    this.reservedCPUs = reservedCPUs;
  }
}
