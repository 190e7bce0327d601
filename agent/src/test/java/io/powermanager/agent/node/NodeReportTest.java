package io.powermanager.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.agent.kube.ConditionSpec;
import io.powermanager.domain.CpuSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeReportTest {

  @Test
  void summarizesLongListsOfProblems() {
    // When
    String message = NodeReport.summarize(List.of("a", "b", "a", "c", "d", "e", "f", "g"));

    // Then
    assertThat(message).isEqualTo("a; b; c; d; e; and 2 more");
  }

  @Test
  void saysTheAgentStoppedAndRestoredWhenEveryCpuIsBack() {
    // Given
    var restored = new Tuner.RestoreResult(CpuSet.range(1, 7), Map.of(), Map.of(), List.of());

    // When
    ConditionSpec ready = NodeReport.stopped(restored);

    // Then
    assertThat(ready)
        .isEqualTo(
            ConditionSpec.isFalse(
                "Ready", "AgentStopped", "the agent stopped and restored the CPUs it had tuned"));
  }

  @Test
  void namesEachCpuNotRestoredAndWhy() {
    // Given
    var partly =
        new Tuner.RestoreResult(
            CpuSet.parse("1-4,7"),
            Map.of(6, "refused", 5, "cpu5/cpufreq/scaling_max_freq=800000: Input/output error"),
            Map.of(),
            List.of());

    // When
    ConditionSpec ready = NodeReport.stopped(partly);

    // Then
    assertThat(ready.status()).isFalse();
    assertThat(ready.reason()).isEqualTo("RestoreFailed");
    assertThat(ready.message())
        .isEqualTo(
            "the agent stopped but could not restore CPUs 5-6 (cpu 5:"
                + " cpu5/cpufreq/scaling_max_freq=800000: Input/output error; cpu 6: refused);"
                + " restored 1-4,7; their snapshot is kept: run power-manager agent --restore on"
                + " the node");
  }
}
