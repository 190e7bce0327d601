package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's energy over the agent's latest telemetry interval ({@code status.telemetry}), written
 * by the agent on its heartbeat.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"energySource", "intervalSeconds", "packageWatts", "profiles"})
public class NodeTelemetry {

  @JsonPropertyDescription(
      "Where energy comes from: rapl (powercap intel-rapl package zones) or none (this node has no"
          + " readable RAPL; power is not reported).")
  private String energySource;

  @JsonPropertyDescription("Length of the interval the figures cover, in seconds.")
  private Double intervalSeconds;

  @JsonPropertyDescription(
      "Mean power of all RAPL package zones over the interval, in watts; absent without RAPL.")
  private Double packageWatts;

  @JsonPropertyDescription(
      "ESTIMATED split of packageWatts over the profiles running on this node's CPUs, by each"
          + " profile's share of busy time from /proc/stat (CPU count x mean busy time).")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<ProfileEnergy> profiles = new ArrayList<>();

  public String getEnergySource() {
    return energySource;
  }

  public void setEnergySource(String energySource) {
    this.energySource = energySource;
  }

  public Double getIntervalSeconds() {
    return intervalSeconds;
  }

  public void setIntervalSeconds(Double intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }

  public Double getPackageWatts() {
    return packageWatts;
  }

  public void setPackageWatts(Double packageWatts) {
    this.packageWatts = packageWatts;
  }

  public List<ProfileEnergy> getProfiles() {
    return profiles;
  }

  public void setProfiles(List<ProfileEnergy> profiles) {
    this.profiles = profiles;
  }

  /** One profile's CPUs and estimated share of the package power. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"profile", "cpus", "estimatedWatts"})
  public static class ProfileEnergy {

    @JsonPropertyDescription(
        "The profile, or (reserved) for the kubelet's reserved CPUs and (unprofiled) for the"
            + " Default pool.")
    private String profile;

    @JsonPropertyDescription("How many CPUs run it.")
    private Integer cpus;

    @JsonPropertyDescription("Estimated share of packageWatts, in watts (see profiles).")
    private Double estimatedWatts;

    public ProfileEnergy() {}

    public ProfileEnergy(String profile, Integer cpus, Double estimatedWatts) {
      this.profile = profile;
      this.cpus = cpus;
      this.estimatedWatts = estimatedWatts;
    }

    public String getProfile() {
      return profile;
    }

    public void setProfile(String profile) {
      this.profile = profile;
    }

    public Integer getCpus() {
      return cpus;
    }

    public void setCpus(Integer cpus) {
      this.cpus = cpus;
    }

    public Double getEstimatedWatts() {
      return estimatedWatts;
    }

    public void setEstimatedWatts(Double estimatedWatts) {
      this.estimatedWatts = estimatedWatts;
    }
  }
}
