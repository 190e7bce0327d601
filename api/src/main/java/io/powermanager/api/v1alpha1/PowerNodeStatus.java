package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Written only by the node's agent. The first four fields are the seed's PowerNode shape; the rest
 * are the facts the reconcilers, the extender and the webhook read about this node.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "activeProfiles",
  "activeWorkloads",
  "powerContainers",
  "sharedPools",
  "hardware",
  "uncore",
  "reservedCPUs",
  "allocatableCPUs",
  "heartbeat",
  "observedGeneration",
  "cstates",
  "conditions",
  "telemetry"
})
public class PowerNodeStatus {

  @JsonPropertyDescription("Profiles in use on this node (profile name to true).")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private Map<String, Boolean> activeProfiles = new LinkedHashMap<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<ActiveWorkload> activeWorkloads = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<PowerContainer> powerContainers = new ArrayList<>();

  @JsonPropertyDescription(
      "The Default pool (untuned) and the Shared pool (tuned by the shared workload).")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<SharedPool> sharedPools = new ArrayList<>();

  @JsonPropertyDescription("What the agent found in sysfs.")
  private NodeHardware hardware;

  @JsonPropertyDescription(
      "Uncore domains under an Uncore object or not yet restored: applied and current kHz.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<UncoreState> uncore = new ArrayList<>();

  @JsonPropertyDescription(
      "Online CPUs the kubelet does not allocate (cpulist): online - allocatable.")
  private String reservedCPUs;

  @JsonPropertyDescription(
      "CPUs the kubelet can allocate to containers (cpulist), from PodResources.")
  private String allocatableCPUs;

  @JsonPropertyDescription("When the agent last wrote this status (RFC 3339, UTC).")
  private String heartbeat;

  @JsonPropertyDescription("The metadata.generation this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "CPUs whose idle states a profile or a CStates object sets, by the states disabled now.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<CpuIdleStates> cstates = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "Energy over the agent's latest telemetry interval and its estimated split by profile.")
  private NodeTelemetry telemetry;

  public NodeTelemetry getTelemetry() {
    return telemetry;
  }

  public void setTelemetry(NodeTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  public Map<String, Boolean> getActiveProfiles() {
    return activeProfiles;
  }

  public void setActiveProfiles(Map<String, Boolean> activeProfiles) {
    this.activeProfiles = activeProfiles;
  }

  public List<ActiveWorkload> getActiveWorkloads() {
    return activeWorkloads;
  }

  public void setActiveWorkloads(List<ActiveWorkload> activeWorkloads) {
    this.activeWorkloads = activeWorkloads;
  }

  public List<PowerContainer> getPowerContainers() {
    return powerContainers;
  }

  public void setPowerContainers(List<PowerContainer> powerContainers) {
    this.powerContainers = powerContainers;
  }

  public List<SharedPool> getSharedPools() {
    return sharedPools;
  }

  public void setSharedPools(List<SharedPool> sharedPools) {
    this.sharedPools = sharedPools;
  }

  public List<UncoreState> getUncore() {
    return uncore;
  }

  public void setUncore(List<UncoreState> uncore) {
    this.uncore = uncore;
  }

  public NodeHardware getHardware() {
    return hardware;
  }

  public void setHardware(NodeHardware hardware) {
    this.hardware = hardware;
  }

  public String getReservedCPUs() {
    return reservedCPUs;
  }

  public void setReservedCPUs(String reservedCPUs) {
    this.reservedCPUs = reservedCPUs;
  }

  public String getAllocatableCPUs() {
    return allocatableCPUs;
  }

  public void setAllocatableCPUs(String allocatableCPUs) {
    this.allocatableCPUs = allocatableCPUs;
  }

  /**
   * RFC 3339 in UTC, e.g. {@code Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()}; the
   * extender and reconcilers treat a node whose heartbeat is too old as having no live agent.
   */
  public String getHeartbeat() {
    return heartbeat;
  }

  public void setHeartbeat(String heartbeat) {
    this.heartbeat = heartbeat;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<CpuIdleStates> getCstates() {
    return cstates;
  }

  public void setCstates(List<CpuIdleStates> cstates) {
    this.cstates = cstates;
  }

  @JsonPropertyDescription(
      "The time-of-day schedule (PowerSchedule or TimeOfDay) on this node: its active entry,"
          + " since when, the next transition.")
  private NodeSchedule schedule;

  public NodeSchedule getSchedule() {
    return schedule;
  }

  public void setSchedule(NodeSchedule schedule) {
    this.schedule = schedule;
  }
}
