package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Intel's {@code PodInfo}: pods matching {@code labels} run {@code target} while active. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"labels", "target"})
public class TimeOfDayPods {

  @Required
  @JsonPropertyDescription("The pods (on this node) whose CPUs are retuned.")
  private LabelSelector labels;

  @Required
  @JsonPropertyDescription("The profile their CPUs run while the entry is active; not shared.")
  private String target;

  public LabelSelector getLabels() {
    return labels;
  }

  public void setLabels(LabelSelector labels) {
    this.labels = labels;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }
}
