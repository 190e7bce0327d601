package io.powermanager.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.reconciler.election.LeaderElectionSettings;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconcilerConfigTest {

  @Test
  void defaultsRunWithoutLeaderElection() {
    // When
    ReconcilerConfig config = ReconcilerConfig.defaults("power", "pm:1");

    // Then
    assertThat(config.leaderElection().enabled()).isFalse();
    assertThat(config.agent().memoryLimit()).isEqualTo("128Mi");
    assertThat(config.agent().terminationGracePeriodSeconds()).isEqualTo(30);
    assertThat(config.workers()).isEqualTo(4);
  }

  @Test
  void rejectsValuesNamingTheFieldAndTheValue() {
    assertThatThrownBy(() -> ReconcilerConfig.defaults(" ", "pm:1"))
        .hasMessageContaining("powerNamespace");
    assertThatThrownBy(() -> ReconcilerConfig.defaults("power", "pm:1").withWorkers(0))
        .hasMessageContaining("workers")
        .hasMessageContaining("0");
    assertThatThrownBy(
            () -> ReconcilerConfig.defaults("power", "pm:1").withResyncPeriod(Duration.ZERO))
        .hasMessageContaining("resyncPeriod");
  }

  @Test
  void leaderElectionUsesTheLeaseTimingsOfTheIssue() {
    // When
    LeaderElectionSettings s = LeaderElectionSettings.enabled("pod-1-abc");

    // Then
    assertThat(s.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.leaseName()).isEqualTo("power-manager-reconciler");
  }

  @Test
  void rejectsTimingsThatCannotWork() {
    assertThatThrownBy(
            () ->
                LeaderElectionSettings.enabled("a")
                    .withTimings(
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .hasMessageContaining("renewDeadline");
    assertThatThrownBy(
            () ->
                LeaderElectionSettings.enabled("a")
                    .withTimings(
                        Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .hasMessageContaining("retryPeriod");
    assertThatThrownBy(() -> LeaderElectionSettings.enabled("")).hasMessageContaining("identity");
  }

  @Test
  void anIdentityIsThePodNameWithARandomSuffix() {
    // When
    String a = LeaderElectionSettings.identity("manager-0", new SplittableRandom(1));
    String b = LeaderElectionSettings.identity("manager-0", new SplittableRandom(2));

    // Then
    assertThat(a).matches("manager-0-[0-9a-f]{8}");
    assertThat(a).isNotEqualTo(b);
  }
}
