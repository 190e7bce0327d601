package io.powermanager.bench.agent;

import java.util.Locale;

/**
 * {@link AgentBench}'s latency loop in a JVM of its own, started with the agent's flags, so that
 * the reported latency is the one of the agent's JIT and collector. Prints one line, {@value
 * #PREFIX} followed by p50, p99, max, CPU p50, CPU p99 (ms), writes and C-state writes per change,
 * and the writes of a converged re-sync.
 *
 * <p>Arguments: changes warmup seed.
 */
public final class AgentLatencyChild {

  static final String PREFIX = "LATENCY ";

  private AgentLatencyChild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: AgentLatencyChild changes warmup seed");
      System.exit(2);
    }
    AgentBench.Latency l =
        AgentBench.latencyHere(
            Integer.parseInt(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]));
    System.out.println(format(l));
    System.out.flush();
    System.exit(0);
  }

  static String format(AgentBench.Latency l) {
    return PREFIX
        + String.format(
            Locale.ROOT,
            "%.6f %.6f %.6f %.6f %.6f %.6f %.6f %d",
            l.p50(),
            l.p99(),
            l.max(),
            l.cpuP50(),
            l.cpuP99(),
            l.writesPerChange(),
            l.cstateWritesPerChange(),
            l.resyncWrites());
  }

  static AgentBench.Latency parse(String line) {
    String[] f = line.substring(PREFIX.length()).strip().split(" ");
    if (f.length != 8) {
      throw new IllegalArgumentException("not a latency line: " + line);
    }
    return new AgentBench.Latency(
        Double.parseDouble(f[0]),
        Double.parseDouble(f[1]),
        Double.parseDouble(f[2]),
        Double.parseDouble(f[3]),
        Double.parseDouble(f[4]),
        Double.parseDouble(f[5]),
        Double.parseDouble(f[6]),
        Long.parseLong(f[7]));
  }
}
