package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A frequency window in the forms a PowerProfile's {@code min}/{@code max} take (MHz, {@code
 * "NN%"}, {@code "base"}, {@code "min"}, {@code "max"}); either end may be absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"min", "max"})
public class FrequencyWindow {

  @JsonPropertyDescription("Lowest frequency: MHz, \"NN%\", \"base\", \"min\" or \"max\".")
  @ValidationRule(
      value = PowerProfileSpec.FREQUENCY_RULE,
      message = PowerProfileSpec.FREQUENCY_MESSAGE)
  private IntOrString min;

  @JsonPropertyDescription("Highest frequency: MHz, \"NN%\", \"base\", \"min\" or \"max\".")
  @ValidationRule(
      value = PowerProfileSpec.FREQUENCY_RULE,
      message = PowerProfileSpec.FREQUENCY_MESSAGE)
  private IntOrString max;

  public FrequencyWindow() {}

  public FrequencyWindow(IntOrString min, IntOrString max) {
    this.min = min;
    this.max = max;
  }

  public IntOrString getMin() {
    return min;
  }

  public void setMin(IntOrString min) {
    this.min = min;
  }

  public IntOrString getMax() {
    return max;
  }

  public void setMax(IntOrString max) {
    this.max = max;
  }
}
