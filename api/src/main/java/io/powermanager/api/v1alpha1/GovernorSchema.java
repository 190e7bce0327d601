package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Schema only: the cpufreq governors the CRD accepts. */
enum GovernorSchema {
  @JsonProperty("performance")
  PERFORMANCE,
  @JsonProperty("powersave")
  POWERSAVE,
  @JsonProperty("schedutil")
  SCHEDUTIL,
  @JsonProperty("ondemand")
  ONDEMAND,
  @JsonProperty("conservative")
  CONSERVATIVE,
  @JsonProperty("userspace")
  USERSPACE
}
