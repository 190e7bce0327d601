package io.powermanager.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 2}, {@code 1500m}, {@code 1Gi}, {@code 1e3}) as an exact
 * decimal. Immutable. {@link #text()} keeps what the user wrote, for messages.
 */
public record Quantity(String text, BigDecimal value) {

  private static final Pattern GRAMMAR =
      Pattern.compile(
          "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

  /** Parses a quantity, or returns empty when the text is not one. */
  public static Optional<Quantity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = GRAMMAR.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    BigDecimal value = suffix == null ? number : number.multiply(multiplier(suffix));
    return Optional.of(new Quantity(text, value.stripTrailingZeros()));
  }

  private static BigDecimal multiplier(String suffix) {
    return switch (suffix) {
      case "m" -> new BigDecimal("0.001");
      case "k" -> BigDecimal.TEN.pow(3);
      case "M" -> BigDecimal.TEN.pow(6);
      case "G" -> BigDecimal.TEN.pow(9);
      case "T" -> BigDecimal.TEN.pow(12);
      case "P" -> BigDecimal.TEN.pow(15);
      case "E" -> BigDecimal.TEN.pow(18);
      case "Ki" -> new BigDecimal(BigInteger.TWO.pow(10));
      case "Mi" -> new BigDecimal(BigInteger.TWO.pow(20));
      case "Gi" -> new BigDecimal(BigInteger.TWO.pow(30));
      case "Ti" -> new BigDecimal(BigInteger.TWO.pow(40));
      case "Pi" -> new BigDecimal(BigInteger.TWO.pow(50));
      case "Ei" -> new BigDecimal(BigInteger.TWO.pow(60));
      default -> BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    };
  }

  public boolean isInteger() {
    return value.signum() == 0 || value.scale() <= 0;
  }

  public boolean isPositive() {
    return value.signum() > 0;
  }

  /** The value as a whole number; only meaningful when {@link #isInteger()}. */
  public long longValue() {
    return value.longValue();
  }

  /** Equal amounts, whatever the notation ({@code 2} equals {@code 2000m}). */
  public boolean sameAmount(Quantity other) {
    return value.compareTo(other.value) == 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
