package io.powermanager.domain.uncore;

/**
 * An uncore domain's limits, {@code min_freq_khz} and {@code max_freq_khz}, in kHz. Not checked for
 * {@code min ≤ max}: a window read from a node may be anything.
 */
public record UncoreWindow(long minKhz, long maxKhz) {

  /** The driver's unit: a ratio of 100 MHz. */
  public static final long RATIO_KHZ = 100_000;

  /** The value the driver keeps for a written {@code khz}: truncated to a 100 MHz ratio. */
  public static long held(long khz) {
    return khz - khz % RATIO_KHZ;
  }

  /** Both bounds as the driver keeps them. */
  public UncoreWindow held() {
    return new UncoreWindow(held(minKhz), held(maxKhz));
  }

  @Override
  public String toString() {
    return minKhz + "-" + maxKhz + " kHz";
  }
}
