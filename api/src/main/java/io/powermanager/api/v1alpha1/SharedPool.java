package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** {@code status.sharedPools[]} of a PowerNode: the {@code Default} or the {@code Shared} pool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "sharedPoolCpuIds"})
public class SharedPool {

  /** {@link #getName()} of the pool of untuned CPUs. */
  public static final String DEFAULT = "Default";

  /** {@link #getName()} of the pool of CPUs tuned by the node's shared workload. */
  public static final String SHARED = "Shared";

  @JsonPropertyDescription("Default (untuned CPUs) or Shared (CPUs of the shared workload).")
  private String name;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<@Min(0) Integer> sharedPoolCpuIds = new ArrayList<>();

  public SharedPool() {}

  public SharedPool(String name, List<Integer> sharedPoolCpuIds) {
    this.name = name;
    this.sharedPoolCpuIds = sharedPoolCpuIds;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<Integer> getSharedPoolCpuIds() {
    return sharedPoolCpuIds;
  }

  public void setSharedPoolCpuIds(List<Integer> sharedPoolCpuIds) {
    this.sharedPoolCpuIds = sharedPoolCpuIds;
  }
}
