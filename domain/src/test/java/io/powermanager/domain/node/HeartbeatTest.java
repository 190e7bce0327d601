package io.powermanager.domain.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void judgesAgentsAtTheBoundaries() {
    assertThat(Heartbeat.judge(Optional.empty(), NOW)).isEqualTo(new Heartbeat.Missing());
    assertThat(Heartbeat.judge(Optional.of(NOW.minusSeconds(90)), NOW))
        .isEqualTo(new Heartbeat.Fresh(Duration.ofSeconds(90)));
    assertThat(Heartbeat.judge(Optional.of(NOW.minusSeconds(91)), NOW))
        .isEqualTo(new Heartbeat.Stale(Duration.ofSeconds(91)));
    assertThat(Heartbeat.judge(Optional.of(NOW.plusSeconds(5)), NOW))
        .isEqualTo(new Heartbeat.Fresh(Duration.ZERO));
    assertThat(Heartbeat.isFresh(Optional.of(NOW.minusSeconds(30)), NOW)).isTrue();
  }

  @Test
  void printsDurationsForPeople() {
    assertThat(Heartbeat.humanize(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Heartbeat.humanize(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Heartbeat.humanize(Duration.ofHours(3))).isEqualTo("3h");
  }
}
