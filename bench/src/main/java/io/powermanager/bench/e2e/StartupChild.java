package io.powermanager.bench.e2e;

import io.powermanager.simulator.SimulatedCluster;
import io.powermanager.simulator.SimulatorOptions;
import io.powermanager.simulator.walkthrough.Examples;
import io.powermanager.simulator.walkthrough.KubectlApply;
import io.powermanager.testkit.sysfs.HardwareModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link E2eBench}'s startup measurement: {@code StartupChild <nodes> <scratch>}
 * starts a simulation of {@code small} nodes (sysfs files under scratch), applies the seed's
 * PowerConfig, waits for every PowerNode Ready and every node's capacity, and prints {@value
 * #RESULT} followed by: cluster start ms, PowerConfig-to-ready ms, VmRSS KiB, VmHWM KiB, heap used
 * KiB after a GC, live threads.
 */
public final class StartupChild {

  static final String RESULT = "STARTUP";

  private StartupChild() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    System.setProperty("org.slf4j.simpleLogger.log.io.fabric8", "error");
    // a connection's close notice that arrives after Vert.x stopped, at shutdown
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.netty.util.concurrent.DefaultPromise.rejectedExecution",
        "off");
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
    int nodes = Integer.parseInt(args[0]);
    Path scratch = Path.of(args[1]);
    Path dir = Files.createTempDirectory(scratch, "e2e-startup-");
    Path sockets = Files.createTempDirectory(Path.of("/tmp"), "pmst-");
    try {
      long t0 = System.nanoTime();
      try (SimulatedCluster cluster =
          SimulatedCluster.start(
              SimulatorOptions.of(nodes, HardwareModel.small(), dir, sockets)
                  .withHeartbeat(Duration.ofSeconds(30)))) {
        long clusterMillis = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime();
        long deadline = t1 + Duration.ofMinutes(5).toNanos();
        while (true) {
          try {
            KubectlApply.apply(
                cluster.client(), Examples.packaged().read(Examples.POWER_CONFIG), "bench");
            break;
          } catch (KubectlApply.ApplyException e) {
            if (System.nanoTime() > deadline) {
              throw e;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
          }
        }
        while (!E2eBench.agentsReady(cluster.client(), cluster.options().powerNamespace(), nodes)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("agents not ready within 5 minutes");
          }
          java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        long agentsMillis = (System.nanoTime() - t1) / 1_000_000;
        long[] status = status();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.println(
            RESULT
                + " "
                + clusterMillis
                + " "
                + agentsMillis
                + " "
                + status[0]
                + " "
                + status[1]
                + " "
                + heap
                + " "
                + threads);
        System.out.flush();
      }
    } finally {
      E2eBench.deleteTree(dir);
      E2eBench.deleteTree(sockets);
    }
    System.exit(0);
  }

  /** {VmRSS, VmHWM} of this process in KiB. */
  static long[] status() throws java.io.IOException {
    long rss = -1;
    long hwm = -1;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
      } else if (line.startsWith("VmHWM:")) {
        hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return new long[] {rss, hwm};
  }
}
