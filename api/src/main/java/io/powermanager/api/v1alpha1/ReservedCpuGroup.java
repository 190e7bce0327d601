package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/**
 * Reserved CPUs and the profile they run: an element of v1's {@code spec.reservedCPUs} and of
 * v1alpha1's {@code spec.reservedCPUGroups} (Intel v1's {@code ReservedSpec}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"cores", "powerProfile"})
public class ReservedCpuGroup {

  @Required
  @JsonPropertyDescription("The reserved CPUs of this group.")
  private List<@Min(0) @Max(8191) Integer> cores = new ArrayList<>();

  @JsonPropertyDescription("The profile these CPUs run; absent: they are left as they are.")
  private String powerProfile;

  public List<Integer> getCores() {
    return cores;
  }

  public void setCores(List<Integer> cores) {
    this.cores = cores;
  }

  public String getPowerProfile() {
    return powerProfile;
  }

  public void setPowerProfile(String powerProfile) {
    this.powerProfile = powerProfile;
  }
}
