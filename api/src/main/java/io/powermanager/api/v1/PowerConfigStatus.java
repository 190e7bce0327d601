package io.powermanager.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** v1alpha1's status (written only by the config reconciler) plus Intel v1's {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PowerConfigStatus extends io.powermanager.api.v1alpha1.PowerConfigStatus {

  @JsonPropertyDescription("Intel v1's error messages; kept for scripts written against it.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> errors = new ArrayList<>();

  public List<String> getErrors() {
    return errors;
  }

  public void setErrors(List<String> errors) {
    this.errors = errors;
  }
}
