package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The seed's profile fields plus {@code governor}, {@code cpuCapacity} and Intel v1's {@code
 * shared}; the same class is the spec of both served versions. The schema accepts the EPP hyphen
 * forms; the mutating webhook normalises them to the kernel's underscore forms. {@code max}/{@code
 * min} are optional in the schema because the reconciler derives them for base profiles; the
 * webhook requires them on user profiles.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "shared", "max", "min", "epp", "governor", "cpuCapacity"})
public class PowerProfileSpec {

  /**
   * The pattern {@code cpuCapacity} strings must match: a CPU count of at least 1 or a percentage
   * 1-100 (0 would let no CPU run the profile).
   */
  public static final String CPU_CAPACITY_PATTERN = "^([1-9][0-9]*|([1-9][0-9]?|100)%)$";

  /**
   * The highest frequency a profile may name, in MHz: the kernel keeps {@code scaling_max_freq} in
   * kHz as a 32-bit unsigned integer (4,294,967,295 kHz). The CRD carries it as {@code maximum}, so
   * the API server refuses larger values before any Java decoder sees them.
   */
  public static final int MAX_MHZ = 4_294_967;

  /**
   * The CEL rule the API server checks on {@code cpuCapacity}: a positive integer, or a string
   * matching {@link #CPU_CAPACITY_PATTERN}. A rule rather than {@code pattern}, because the CRD
   * generator drops {@code pattern} on int-or-string fields.
   */
  public static final String CPU_CAPACITY_RULE =
      "type(self) == int ? self >= 1 : self.matches('" + CPU_CAPACITY_PATTERN + "')";

  @Required
  @JsonPropertyDescription("Profile name; equals metadata.name.")
  private String name;

  @JsonPropertyDescription(
      "True for a shared profile (Intel v1's field). Absent: shared when epp is 'power'.")
  private Boolean shared;

  @Min(1)
  @Max(MAX_MHZ)
  @JsonPropertyDescription("Highest frequency in MHz (scaling_max_freq).")
  private Integer max;

  @Min(1)
  @Max(MAX_MHZ)
  @JsonPropertyDescription("Lowest frequency in MHz (scaling_min_freq).")
  private Integer min;

  @SchemaFrom(type = EppSchema.class)
  @JsonPropertyDescription(
      "Energy performance preference; 'power' marks a shared profile unless 'shared' says"
          + " otherwise. Hyphen forms are normalised to underscores. Absent: EPP is left as it"
          + " is (the webhook still requires it on v1alpha1 creates).")
  private String epp;

  @SchemaFrom(type = GovernorSchema.class)
  @JsonPropertyDescription("cpufreq governor; the node's default when absent.")
  private String governor;

  @JsonPropertyDescription(
      "How many CPUs of a node may run this profile: an integer count or a percentage"
          + " such as \"50%\".")
  @ValidationRule(
      value = CPU_CAPACITY_RULE,
      message = "cpuCapacity must be a CPU count such as 4 or a percentage from 1% to 100%")
  private IntOrString cpuCapacity;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getShared() {
    return shared;
  }

  public void setShared(Boolean shared) {
    this.shared = shared;
  }

  public Integer getMax() {
    return max;
  }

  public void setMax(Integer max) {
    this.max = max;
  }

  public Integer getMin() {
    return min;
  }

  public void setMin(Integer min) {
    this.min = min;
  }

  public String getEpp() {
    return epp;
  }

  public void setEpp(String epp) {
    this.epp = epp;
  }

  public String getGovernor() {
    return governor;
  }

  public void setGovernor(String governor) {
    this.governor = governor;
  }

  public IntOrString getCpuCapacity() {
    return cpuCapacity;
  }

  public void setCpuCapacity(IntOrString cpuCapacity) {
    this.cpuCapacity = cpuCapacity;
  }
}
