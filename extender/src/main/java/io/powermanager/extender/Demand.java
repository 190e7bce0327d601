package io.powermanager.extender;

import java.util.Map;

/**
 * A pod's profile demand flattened into parallel arrays, in profile name order, so judging
 * thousands of nodes per request does not iterate a map for each. Immutable.
 */
final class Demand {

  private final String[] profiles;
  private final long[] cpus;

  private Demand(String[] profiles, long[] cpus) {
    this.profiles = profiles;
    this.cpus = cpus;
  }

  /** The demand of a sorted map (iteration order is kept). */
  static Demand of(Map<String, Long> cpusByProfile) {
    String[] p = new String[cpusByProfile.size()];
    long[] c = new long[p.length];
    int i = 0;
    for (Map.Entry<String, Long> e : cpusByProfile.entrySet()) {
      p[i] = e.getKey().intern(); // NodeState interns its profile names too
      c[i] = e.getValue();
      i++;
    }
    return new Demand(p, c);
  }

  int size() {
    return profiles.length;
  }

  boolean isEmpty() {
    return profiles.length == 0;
  }

  String profile(int i) {
    return profiles[i];
  }

  long cpus(int i) {
    return cpus[i];
  }
}
