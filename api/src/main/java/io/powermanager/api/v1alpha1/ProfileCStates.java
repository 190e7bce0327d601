package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * {@code PowerProfile.spec.cstates}: the idle states of every CPU running the profile, by name or
 * by a latency bound (never both).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"names", "maxLatencyUs"})
@ValidationRule(
    value = "!(has(self.names) && has(self.maxLatencyUs))",
    message = "set either names or maxLatencyUs, not both")
@ValidationRule(
    value = "has(self.names) ? size(self.names) > 0 : has(self.maxLatencyUs)",
    message = "names must name at least one state, or set maxLatencyUs")
public class ProfileCStates {

  @Size(max = 16)
  @JsonPropertyDescription(
      "Idle state name (as in cpuidle/stateK/name, e.g. C1, C1E, C6) -> true enabled, false"
          + " disabled; 1-16 entries.")
  private Map<String, Boolean> names;

  @Min(0)
  @Max(1_000_000)
  @JsonPropertyDescription(
      "Disable every idle state whose exit latency exceeds this many microseconds; the others keep"
          + " their original setting.")
  private Long maxLatencyUs;

  public ProfileCStates() {}

  public ProfileCStates(Map<String, Boolean> names, Long maxLatencyUs) {
    this.names = names;
    this.maxLatencyUs = maxLatencyUs;
  }

  public Map<String, Boolean> getNames() {
    return names;
  }

  public void setNames(Map<String, Boolean> names) {
    this.names = names;
  }

  public Long getMaxLatencyUs() {
    return maxLatencyUs;
  }

  public void setMaxLatencyUs(Long maxLatencyUs) {
    this.maxLatencyUs = maxLatencyUs;
  }
}
