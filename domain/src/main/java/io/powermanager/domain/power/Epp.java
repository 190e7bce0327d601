package io.powermanager.domain.power;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Energy Performance Preference hints a profile may ask for, with their sysfs spelling ({@code
 * energy_performance_preference}). The hyphen forms ({@code balance-power}) are accepted when
 * parsing and normalised to the sysfs form.
 */
public enum Epp {
  PERFORMANCE("performance"),
  BALANCE_PERFORMANCE("balance_performance"),
  BALANCE_POWER("balance_power"),
  POWER("power");

  private final String sysfsValue;

  Epp(String sysfsValue) {
    this.sysfsValue = sysfsValue;
  }

  /** The value written to {@code energy_performance_preference}, and the API's canonical form. */
  public String sysfsValue() {
    return sysfsValue;
  }

  /** Parses an EPP name in the sysfs or the hyphen form; empty when it is neither. */
  public static Optional<Epp> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String normal = text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(values()).filter(e -> e.sysfsValue.equals(normal)).findFirst();
  }

  /** The accepted values, for messages: {@code performance, balance_performance, ...}. */
  public static String allowedValues() {
    return Arrays.stream(values()).map(Epp::sysfsValue).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return sysfsValue;
  }
}
