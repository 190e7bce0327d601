package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** {@code status.activeWorkloads[]} of a PowerNode: a workload and the CPUs it tunes here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "cores"})
public class ActiveWorkload {

  private String name;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<@Min(0) Integer> cores = new ArrayList<>();

  public ActiveWorkload() {}

  public ActiveWorkload(String name, List<Integer> cores) {
    this.name = name;
    this.cores = cores;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<Integer> getCores() {
    return cores;
  }

  public void setCores(List<Integer> cores) {
    this.cores = cores;
  }
}
