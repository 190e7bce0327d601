package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Retune matching pods' exclusive CPUs to another profile while an entry is active. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"podSelector", "from", "to"})
public class ProfileOverride {

  @Required
  @JsonPropertyDescription("The pods (on the schedule's nodes) whose CPUs are retuned.")
  private LabelSelector podSelector;

  @JsonPropertyDescription("Only containers requesting this profile; default any.")
  private String from;

  @Required
  @JsonPropertyDescription("The profile their CPUs run while the entry is active; not shared.")
  private String to;

  public LabelSelector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(LabelSelector podSelector) {
    this.podSelector = podSelector;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }
}
