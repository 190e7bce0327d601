package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.powermanager.domain.power.FrequencyBound;

/**
 * The seed's profile fields plus {@code governor}, {@code cpuCapacity} and Intel v1's {@code
 * shared}; the same class is the spec of both served versions. The schema accepts the EPP hyphen
 * forms; the mutating webhook normalises them to the kernel's underscore forms. {@code max}/{@code
 * min} are optional in the schema because the reconciler derives them for base profiles; the
 * webhook requires them on user profiles.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "name",
  "shared",
  "max",
  "min",
  "epp",
  "governor",
  "cpuCapacity",
  "cstates",
  "nodeSelector"
})
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

  /**
   * The CEL rule on {@code min}/{@code max}: an integer MHz from 1 to {@link #MAX_MHZ}, or a string
   * matching {@link FrequencyBound#PATTERN} (a rule, because the generator drops {@code pattern} on
   * int-or-string fields).
   */
  public static final String FREQUENCY_RULE =
      "type(self) == int ? (self >= 1 && self <= "
          + MAX_MHZ
          + ") : self.matches('"
          + FrequencyBound.PATTERN
          + "')";

  public static final String FREQUENCY_MESSAGE =
      "a frequency is an integer MHz, a percentage \"0%\"-\"100%\", \"base\", \"min\" or"
          + " \"max\"";

  @Required
  @JsonPropertyDescription("Profile name; equals metadata.name.")
  private String name;

  @JsonPropertyDescription(
      "True for a shared profile (Intel v1's field). Absent: shared when epp is 'power'.")
  private Boolean shared;

  @JsonPropertyDescription(
      "Highest frequency (scaling_max_freq): MHz, or per CPU \"NN%\" of its cpuinfo range,"
          + " \"base\", \"min\" or \"max\".")
  @ValidationRule(value = FREQUENCY_RULE, message = FREQUENCY_MESSAGE)
  private IntOrString max;

  @JsonPropertyDescription(
      "Lowest frequency (scaling_min_freq): MHz, or per CPU \"NN%\" of its cpuinfo range,"
          + " \"base\", \"min\" or \"max\".")
  @ValidationRule(value = FREQUENCY_RULE, message = FREQUENCY_MESSAGE)
  private IntOrString min;

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

  @JsonPropertyDescription(
      "Idle states (C-states) of every CPU running the profile: names (state -> enabled) or"
          + " maxLatencyUs (disable the states whose exit latency exceeds it).")
  private ProfileCStates cstates;

  public ProfileCStates getCstates() {
    return cstates;
  }

  public void setCstates(ProfileCStates cstates) {
    this.cstates = cstates;
  }

  @JsonPropertyDescription(
      "The power nodes that offer this profile (power.intel.com/<profile>); every power node"
          + " when absent.")
  private LabelSelector nodeSelector;

  public LabelSelector getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(LabelSelector nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

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

  public IntOrString getMax() {
    return max;
  }

  public void setMax(IntOrString max) {
    this.max = max;
  }

  public IntOrString getMin() {
    return min;
  }

  public void setMin(IntOrString min) {
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
