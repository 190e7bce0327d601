package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** The fields of a {@link PowerNodeSettings}; the same class is the spec of both versions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"nodeSelector", "turbo", "frequencyLimits", "limitScope"})
public class PowerNodeSettingsSpec {

  /** {@code spec.turbo}. */
  public enum Turbo {
    Enabled,
    Disabled,
    Unchanged
  }

  /** {@code spec.limitScope}. */
  public enum LimitScope {
    TunedCpus,
    AllCpus
  }

  @Required
  @JsonPropertyDescription("The power nodes these settings apply to; at most one object per node.")
  private LabelSelector nodeSelector;

  @Default("Unchanged")
  @JsonPropertyDescription(
      "Turbo (intel_pstate/no_turbo, cpufreq/boost) on every selected node; Unchanged leaves it"
          + " as it is.")
  private Turbo turbo;

  @JsonPropertyDescription(
      "Bounds every frequency window the agent writes in limitScope is clamped into: MHz, or per"
          + " CPU \"NN%\", \"base\", \"min\" or \"max\".")
  private FrequencyWindow frequencyLimits;

  @Default("TunedCpus")
  @JsonPropertyDescription(
      "Which CPUs the limits clamp: TunedCpus (shared, exclusive and reserved-group CPUs) or"
          + " AllCpus (also default and untuned reserved CPUs).")
  private LimitScope limitScope;

  public LabelSelector getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(LabelSelector nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public Turbo getTurbo() {
    return turbo;
  }

  public void setTurbo(Turbo turbo) {
    this.turbo = turbo;
  }

  public FrequencyWindow getFrequencyLimits() {
    return frequencyLimits;
  }

  public void setFrequencyLimits(FrequencyWindow frequencyLimits) {
    this.frequencyLimits = frequencyLimits;
  }

  public LimitScope getLimitScope() {
    return limitScope;
  }

  public void setLimitScope(LimitScope limitScope) {
    this.limitScope = limitScope;
  }
}
