package io.powermanager.simulator;

import io.powermanager.testkit.sysfs.HardwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The simulated cluster the ITs run: two small nodes, trees on a fresh /tmp directory. */
final class SmallClusters {
  private SmallClusters() {}

  /** Starts it with its state in {@code dir}; {@code prefix} names the trees' directory. */
  static SimulatedCluster start(Path dir, String prefix) throws IOException {
    return SimulatedCluster.start(
        SimulatorOptions.of(
            2, HardwareModel.small(), dir, Files.createTempDirectory(Path.of("/tmp"), prefix)));
  }
}
