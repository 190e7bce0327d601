package io.powermanager.domain.power;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cpufreq scaling governors a profile may name. With {@code intel_pstate} in active mode only
 * {@link #PERFORMANCE} and {@link #POWERSAVE} exist (they are driver algorithms); other drivers
 * offer the generic governors. Which ones a node really has is a hardware fact the agent reads.
 */
public enum Governor {
  PERFORMANCE("performance"),
  POWERSAVE("powersave"),
  SCHEDUTIL("schedutil"),
  ONDEMAND("ondemand"),
  CONSERVATIVE("conservative"),
  USERSPACE("userspace");

  private final String sysfsValue;

  Governor(String sysfsValue) {
    this.sysfsValue = sysfsValue;
  }

  public String sysfsValue() {
    return sysfsValue;
  }

  public static Optional<Governor> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String normal = text.strip();
    return Arrays.stream(values()).filter(g -> g.sysfsValue.equals(normal)).findFirst();
  }

  public static String allowedValues() {
    return Arrays.stream(values()).map(Governor::sysfsValue).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return sysfsValue;
  }
}
