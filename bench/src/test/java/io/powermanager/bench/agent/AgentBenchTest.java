package io.powermanager.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentBenchTest {

  @Test
  void measuresPodChangesOnTheBigNodeAndFindsAConvergedResyncWritesNothing() throws Exception {
    // Given: a short run without the memory part (no timing is asserted)
    AgentBench.Options options =
        new AgentBench.Options(
            40,
            10,
            7,
            false,
            false,
            AgentBench.Options.defaults().scratch(),
            AgentBench.RECOMMENDED_JVM_FLAGS);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    // When
    AgentBench.Result result =
        AgentBench.run(new PrintStream(printed, true, StandardCharsets.UTF_8), options);

    // Then
    assertThat(result.cpus()).isEqualTo(224);
    assertThat(result.changes()).isEqualTo(40);
    assertThat(result.convergedResyncWrites()).isZero();
    assertThat(result.writesPerChange()).isPositive();
    assertThat(result.cstateWritesPerChange()).isPositive();
    assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis());
    assertThat(result.rssKib()).isEqualTo(-1);
    assertThat(result.agentJvmP99Millis()).isEqualTo(-1);
    assertThat(result.telemetry().cpuP50Millis()).isPositive();
    assertThat(result.telemetry().series()).isGreaterThan(224 * 4 * 2);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(
            "pod CPUs known -> all writes read back, p99",
            "writes of a converged re-sync",
            "telemetry collection per heartbeat, CPU p50");
  }

  @Test
  void takesPercentilesOfSortedSamples() {
    // Given
    double[] sorted = new double[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }

    // When / Then
    assertThat(AgentBench.percentile(sorted, 0.50)).isEqualTo(50);
    assertThat(AgentBench.percentile(sorted, 0.99)).isEqualTo(99);
    assertThat(AgentBench.percentile(new double[] {3}, 0.99)).isEqualTo(3);
  }

  @Test
  void aLatencyLineReadsBackAsWritten() {
    // Given
    AgentBench.Latency written = new AgentBench.Latency(0.5, 2.25, 9.0, 0.4, 2.0, 20.3, 5.1, 0);

    // When
    AgentBench.Latency read = AgentLatencyChild.parse(AgentLatencyChild.format(written));

    // Then
    assertThat(read).isEqualTo(written);
  }
}
