package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Schema only: the EPP values the CRD accepts (the webhook normalises hyphens to underscores). */
enum EppSchema {
  @JsonProperty("performance")
  PERFORMANCE,
  @JsonProperty("balance_performance")
  BALANCE_PERFORMANCE,
  @JsonProperty("balance-performance")
  BALANCE_PERFORMANCE_HYPHEN,
  @JsonProperty("balance_power")
  BALANCE_POWER,
  @JsonProperty("balance-power")
  BALANCE_POWER_HYPHEN,
  @JsonProperty("power")
  POWER
}
