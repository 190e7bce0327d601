package io.powermanager.reconciler.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM flags the node agent runs with. The agent is one long-lived, mostly idle JVM per power
 * node, so the flags trade peak throughput for resident memory: a small heap with a 2 MiB young
 * generation that gives memory back (heap free ratios 10/20), the Serial collector, the C1 compiler
 * alone compiling only what is fifty times as hot as usual, small stacks and code cache, thread
 * pools sized for two CPUs whatever the node has (the agent runs on nodes of hundreds of CPUs
 * without a CPU limit; the benchmark's machine has two), and an exit (the DaemonSet restarts it)
 * rather than a broken agent on {@code OutOfMemoryError}, and no JDK CA certificates: the agent
 * talks to one server, the API server, and trusts only the CA its service account (or kubeconfig)
 * gives, as client-go does when a CA is set (fabric8 adds that CA to the JDK's default trust store,
 * here empty; about 2 MiB of parsed certificates fewer). The reconciler's agent DaemonSet passes
 * {@link #DAEMONSET} in {@code JDK_JAVA_OPTIONS}, which replaces the image's defaults, and {@code
 * power-manager bench agent} measures with them. Here, beside the DaemonSet that passes them.
 */
public final class AgentJvmFlags {

  /** The flags every supported runtime (Java 17 on) understands. */
  public static final List<String> COMMON =
      List.of(
          "-Xms16m",
          "-Xmx64m",
          "-Xmn2m",
          "-XX:SurvivorRatio=4",
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=20",
          "-XX:TieredStopAtLevel=1",
          "-XX:CICompilerCount=1",
          "-XX:CompileThresholdScaling=50",
          "-XX:ReservedCodeCacheSize=24m",
          "-XX:MaxMetaspaceSize=96m",
          "-XX:MaxDirectMemorySize=32m",
          "-XX:+ExitOnOutOfMemoryError",
          "-XX:ActiveProcessorCount=2",
          "-Djavax.net.ssl.trustStore=NONE");

  /**
   * The DaemonSet's flags, for the image's runtime (Java 25): {@link #COMMON}; glibc's freed native
   * memory given back every 3 s; compact object headers (smaller objects); and the image's AOT
   * cache left unused: it is trained on {@code simulate} for the manager, and mapping it costs the
   * agent more resident memory than it saves (measured with {@code bench agent}'s agent JVM on Java
   * 25: 113 MiB without it, 119 MiB with a cache trained on {@code validate}, 171 MiB with the one
   * trained on {@code simulate}). On Java 25 {@code -XX:AOTMode=off} turns class-data sharing off
   * altogether, the JDK's own archive too; that is still the smaller agent (99.3 MiB against 101.0
   * MiB with the JDK's archive alone, one run each, since the agent's own gRPC transport).
   */
  public static final List<String> DAEMONSET =
      Stream.concat(
              COMMON.stream(),
              Stream.of(
                  "-XX:TrimNativeHeapInterval=3000",
                  "-XX:+UseCompactObjectHeaders",
                  "-XX:AOTMode=off"))
          .toList();

  private AgentJvmFlags() {}

  /** {@link #DAEMONSET} from Java 25 on, {@link #COMMON} before. */
  public static List<String> forRuntime(int javaFeature) {
    return javaFeature >= 25 ? DAEMONSET : COMMON;
  }
}
