package io.powermanager.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.powermanager.api.v1alpha1.PowerContainer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code spec.workloadNodes} of a v1 PowerWorkload (v1alpha1's {@code nodeInfo}); its containers
 * spell {@code exclusiveCpus}, as Intel's CRDs do.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "cpuIds", "containers"})
public class WorkloadNode {

  @JsonPropertyDescription("Node name.")
  private String name;

  @JsonPropertyDescription("Union of the containers' exclusive CPUs.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<@Min(0) Integer> cpuIds = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<PowerContainer> containers = new ArrayList<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<Integer> getCpuIds() {
    return cpuIds;
  }

  public void setCpuIds(List<Integer> cpuIds) {
    this.cpuIds = cpuIds;
  }

  public List<PowerContainer> getContainers() {
    return containers;
  }

  public void setContainers(List<PowerContainer> containers) {
    this.containers = containers;
  }
}
