package io.powermanager.domain.power;

/**
 * A CPU frequency with an explicit unit: the API speaks MHz, sysfs speaks kHz. Immutable and
 * ordered.
 */
public record Frequency(long khz) implements Comparable<Frequency> {

  public Frequency {
    if (khz < 0) {
      throw new IllegalArgumentException("frequency must not be negative: " + khz + " kHz");
    }
  }

  public static Frequency ofMhz(long mhz) {
    return new Frequency(Math.multiplyExact(mhz, 1000L));
  }

  public static Frequency ofKhz(long khz) {
    return new Frequency(khz);
  }

  /** Whole MHz, rounded down. */
  public long mhz() {
    return khz / 1000;
  }

  /** This frequency rounded down to a multiple of {@code step}. */
  public Frequency roundDown(Frequency step) {
    return new Frequency(khz - khz % step.khz);
  }

  public Frequency plus(Frequency other) {
    return new Frequency(khz + other.khz);
  }

  public Frequency minusClamped(Frequency other) {
    return new Frequency(Math.max(0, khz - other.khz));
  }

  public static Frequency max(Frequency a, Frequency b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public static Frequency min(Frequency a, Frequency b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public int compareTo(Frequency other) {
    return Long.compare(khz, other.khz);
  }

  /** {@code 3700 MHz}, or {@code 3700.5 MHz} when not a whole MHz. */
  @Override
  public String toString() {
    return khz % 1000 == 0 ? mhz() + " MHz" : (khz / 1000.0) + " MHz";
  }
}
