package io.powermanager.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 2}, {@code 1500m}, {@code 1Gi}, {@code 1e3}) as an exact
 * decimal. Immutable. {@link #text()} keeps what the user wrote, for messages.
 *
 * <p>As in Kubernetes, no quantity is larger than 2^63-1 in magnitude: {@link #parse} refuses such
 * text ({@link #problem} says why), so {@link #longValue()} never wraps.
 */
public record Quantity(String text, BigDecimal value) {

  private static final Pattern GRAMMAR =
      Pattern.compile(
          "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

  /** The most digits the plain path reads: 10^18 - 1 still fits a long. */
  private static final int MAX_PLAIN_DIGITS = 18;

  private static final int NO_SCALE = Integer.MIN_VALUE;

  /** The largest magnitude a Kubernetes quantity has: 2^63-1. */
  public static final BigDecimal MAX_MAGNITUDE = BigDecimal.valueOf(Long.MAX_VALUE);

  /**
   * Parses a quantity, or returns empty when the text is not one or is out of range (larger than
   * {@link #MAX_MAGNITUDE} in magnitude).
   */
  public static Optional<Quantity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Quantity plain = parsePlain(text);
    return plain != null ? Optional.of(plain) : parseGrammar(text);
  }

  /**
   * Why {@link #parse} refused {@code text}, for a message after the field and the value: {@code is
   * out of range (at most 9223372036854775807)} or {@code is not a quantity}.
   */
  public static String problem(String text) {
    return text != null && parseExact(text).isPresent()
        ? "is out of range (at most " + Long.MAX_VALUE + ")"
        : "is not a quantity";
  }

  private static boolean inRange(BigDecimal value) {
    return value.abs().compareTo(MAX_MAGNITUDE) <= 0;
  }

  /**
   * The fast path for what pods almost always carry: an optional sign, at most 18 digits and an
   * optional suffix that is not an exponent ({@code 2}, {@code 1500m}, {@code 512Mi}, {@code 1G}).
   * Gives the same quantity as {@link #parseGrammar} (value stripped of trailing zeros, so equal
   * scale too), without a regular expression or a decimal parse; null for any other text (which
   * {@link #parseGrammar} then reads).
   */
  static Quantity parsePlain(String text) {
    int length = text.length();
    int i = 0;
    boolean negative = false;
    if (length > 0 && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    int digitsStart = i;
    long number = 0;
    for (; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      number = number * 10 + (c - '0');
      if (i - digitsStart >= MAX_PLAIN_DIGITS) {
        return null; // may not fit a long: the exact path reads it
      }
    }
    if (i == digitsStart) {
      return null;
    }
    int scale = 0;
    int suffix = length - i;
    if (suffix == 1) {
      scale = decimalScale(text.charAt(i));
      if (scale == NO_SCALE) {
        return null;
      }
    } else if (suffix == 2 && text.charAt(i + 1) == 'i') {
      int shift = binaryShift(text.charAt(i));
      if (shift < 0 || number > (Long.MAX_VALUE >> shift)) {
        return null;
      }
      number <<= shift;
    } else if (suffix != 0) {
      return null;
    }
    BigDecimal value = canonical(negative ? -number : number, scale);
    return scale >= 0 || inRange(value) ? new Quantity(text, value) : null;
  }

  /** The scale of a decimal SI suffix ({@code m} is 3: thousandths), or {@link #NO_SCALE}. */
  private static int decimalScale(char suffix) {
    return switch (suffix) {
      case 'm' -> 3;
      case 'k' -> -3;
      case 'M' -> -6;
      case 'G' -> -9;
      case 'T' -> -12;
      case 'P' -> -15;
      case 'E' -> -18;
      default -> NO_SCALE;
    };
  }

  /** The power of two of a binary suffix's first letter ({@code M} of {@code Mi}: 20), or -1. */
  private static int binaryShift(char first) {
    return switch (first) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      case 'T' -> 40;
      case 'P' -> 50;
      case 'E' -> 60;
      default -> -1;
    };
  }

  /** {@code unscaled × 10^-scale} without trailing zeros: what {@code stripTrailingZeros} gives. */
  private static BigDecimal canonical(long unscaled, int scale) {
    if (unscaled == 0) {
      return BigDecimal.ZERO;
    }
    long u = unscaled;
    int s = scale;
    while (u % 10 == 0) {
      u /= 10;
      s--;
    }
    return BigDecimal.valueOf(u, s);
  }

  /** The exact path: the whole grammar, through a regular expression and BigDecimal. */
  static Optional<Quantity> parseGrammar(String text) {
    return parseExact(text).filter(q -> inRange(q.value()));
  }

  /** {@link #parseGrammar} without the range check. */
  private static Optional<Quantity> parseExact(String text) {
    Matcher m = GRAMMAR.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String suffix = m.group(2);
    BigDecimal number = new BigDecimal(m.group(1));
    if (suffix != null
        && suffix.length() > 1
        && suffix.charAt(1) != 'i'
        && (suffix.charAt(0) | 0x20) == 'e') {
      BigInteger exponent = new BigInteger(suffix.substring(1));
      if (exponent.abs().compareTo(MAX_EXPONENT) > 0) { // too far to compute: decide by the sign
        return exponent.signum() < 0
            ? Optional.empty()
            : Optional.of(new Quantity(text, number.signum() == 0 ? BigDecimal.ZERO : HUGE));
      }
    }
    BigDecimal value = suffix == null ? number : number.multiply(multiplier(suffix));
    return Optional.of(new Quantity(text, value.stripTrailingZeros()));
  }

  /** The largest exponent computed exactly; beyond it a quantity is out of range. */
  private static final BigInteger MAX_EXPONENT = BigInteger.valueOf(1_000);

  /** Stands for the value of a quantity with a larger exponent: always out of range. */
  private static final BigDecimal HUGE = BigDecimal.ONE.scaleByPowerOfTen(MAX_EXPONENT.intValue());

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

  /**
   * The value as a whole number, the fraction dropped; only meaningful when {@link #isInteger()}.
   * Exact: a parsed quantity is never out of range, so this never wraps.
   */
  public long longValue() {
    return value.setScale(0, RoundingMode.DOWN).longValueExact();
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
