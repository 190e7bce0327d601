package io.powermanager.simulator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.testkit.sysfs.HardwareModel;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  @Test
  void refusesNodesWithFewerThanFourCpusNamingTheReservedOnes() {
    // When / Then
    assertThatThrownBy(() -> SimulatorOptions.checkHardware(HardwareModel.generic(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "hardware generic-3 has online CPUs 0-2; the simulated kubelet reserves CPUs 0-1 and"
                + " pods need at least 2 more, so a node needs at least 4 CPUs including 0 and 1");
  }

  @Test
  void acceptsEveryNamedModel() {
    // When / Then
    for (String name : HardwareModel.names()) {
      assertThatCode(() -> SimulatorOptions.checkHardware(HardwareModel.byName(name)))
          .doesNotThrowAnyException();
    }
  }
}
