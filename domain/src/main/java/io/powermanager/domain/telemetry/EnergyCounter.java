package io.powermanager.domain.telemetry;

/**
 * A RAPL energy counter ({@code energy_uj}) turned into a total that never goes backwards: each
 * reading adds the energy since the previous one, where a reading below the previous means the
 * counter wrapped at {@code max_energy_range_uj}. Immutable: {@link #next} returns the new state.
 *
 * @param lastRawUj the previous {@code energy_uj}; -1 before the first reading
 * @param totalUj micro-joules counted since the first reading
 * @param lastDeltaUj what the latest reading added
 */
public record EnergyCounter(long lastRawUj, long totalUj, long lastDeltaUj) {

  /** A counter that has not read anything yet. */
  public static EnergyCounter start() {
    return new EnergyCounter(-1, 0, 0);
  }

  /**
   * The counter after reading {@code rawUj}.
   *
   * @param maxRangeUj {@code max_energy_range_uj}: the counter wraps to 0 there
   * @throws IllegalArgumentException when the reading is negative or at or above the range
   */
  public EnergyCounter next(long rawUj, long maxRangeUj) {
    if (maxRangeUj <= 0 || rawUj < 0 || rawUj >= maxRangeUj) {
      throw new IllegalArgumentException(
          "energy_uj " + rawUj + " is outside its range 0-" + maxRangeUj);
    }
    if (lastRawUj < 0) {
      return new EnergyCounter(rawUj, 0, 0);
    }
    long delta = deltaUj(lastRawUj, rawUj, maxRangeUj);
    return new EnergyCounter(rawUj, totalUj + delta, delta);
  }

  /** The energy between two readings of a counter that wraps at {@code maxRangeUj}. */
  public static long deltaUj(long previousUj, long nowUj, long maxRangeUj) {
    return nowUj >= previousUj ? nowUj - previousUj : maxRangeUj - previousUj + nowUj;
  }

  /** The total in joules. */
  public double totalJoules() {
    return totalUj / 1e6;
  }
}
