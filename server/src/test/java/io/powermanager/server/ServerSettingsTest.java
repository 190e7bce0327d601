package io.powermanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

  private static final long MIB = 1L << 20;

  @Test
  void boundsABodyCapToASixteenthOfTheChartsHeap() {
    // Given: -XX:MaxRAMPercentage=60 of a 512 MiB limit
    long chartHeap = 512 * MIB * 60 / 100;

    // When
    long extender = ServerSettings.heapBoundedBodyBytes(64 * MIB, chartHeap);
    long webhook = ServerSettings.heapBoundedBodyBytes(3 * MIB, chartHeap);

    // Then
    assertThat(extender).isEqualTo(chartHeap / 16).isBetween(19 * MIB, 20 * MIB);
    assertThat(webhook).isEqualTo(3 * MIB);
  }

  @Test
  void sharesTheWorkersOutsideTheReservedOnesEquallyBetweenLanes() {
    // Given
    List<Lane> lanes =
        List.of(
            Lane.of("webhook", Set.of("/mutate", "/validate"), MIB),
            Lane.of("extender", Set.of("/filter", "/prioritize"), MIB));

    // When
    ServerSettings settings = ServerSettings.of("manager", "127.0.0.1", 0, lanes);

    // Then
    assertThat(settings.laneConcurrency()).isEqualTo((32 - 8) / 2);
  }

  @Test
  void refusesTwoLanesOnOnePath() {
    List<Lane> lanes =
        List.of(Lane.of("a", Set.of("/x"), MIB), Lane.of("b", Set.of("/x", "/y"), MIB));

    assertThatThrownBy(() -> ServerSettings.of("s", "127.0.0.1", 0, lanes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share a path");
  }
}
