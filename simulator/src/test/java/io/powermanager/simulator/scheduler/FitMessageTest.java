package io.powermanager.simulator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitMessageTest {

  @Test
  void countsEachReasonAndSortsTheHistogramAsStrings() {
    // Given
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    reasons.put("node-1", List.of("Insufficient power.intel.com/performance"));
    reasons.put("node-2", List.of("Insufficient cpu", "Insufficient power.intel.com/performance"));
    reasons.put("node-3", List.of("node(s) didn't match Pod's node affinity/selector"));

    // When
    String message = FitMessage.of(3, reasons);

    // Then
    assertThat(message)
        .isEqualTo(
            "0/3 nodes are available: 1 Insufficient cpu,"
                + " 1 node(s) didn't match Pod's node affinity/selector,"
                + " 2 Insufficient power.intel.com/performance.");
  }

  @Test
  void saysNoNodeIsAvailableWhenTheClusterHasNone() {
    // When
    String message = FitMessage.of(0, Map.of());

    // Then
    assertThat(message).isEqualTo("0/0 nodes are available.");
  }
}
