package io.powermanager.testkit.sysfs;

/** How {@code scaling_min_freq} / {@code scaling_max_freq} writes are judged (contracts §5.3). */
public enum KernelSemantics {
  /**
   * Kernels since the frequency-QoS rework (5.4 and later), the default. A write is a QoS request
   * that is never refused for min &gt; max: the effective {@code max = clamp(maxRequest,
   * cpuinfo_min, cpuinfo_max)}, then {@code min = clamp(minRequest, cpuinfo_min, max)}. So a min
   * above max silently collapses to max, a max lowered below min drags min down with it, and when
   * max rises again min returns to its request.
   */
  FREQ_QOS,
  /**
   * Kernels before 5.4: the new policy is a copy of the current one with one field changed, and a
   * write whose result has min &gt; max fails with EINVAL ({@code min} above the current max, or
   * {@code max} below the current min). Values are then clamped into the cpuinfo range; nothing is
   * remembered beyond the effective values.
   */
  LEGACY
}
