package io.powermanager.domain.nodesettings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurboSwitchTest {

  private static Optional<NodeSettings> turbo(NodeSettings.Turbo turbo) {
    return Optional.of(
        new NodeSettings(
            "s", turbo, Optional.empty(), Optional.empty(), NodeSettings.Scope.TUNED_CPUS));
  }

  @Test
  void noTurboAndBoostHaveOppositeSenses() {
    assertThat(TurboSwitch.NO_TURBO.isOn("0\n")).isTrue();
    assertThat(TurboSwitch.NO_TURBO.valueFor(false)).isEqualTo("1");
    assertThat(TurboSwitch.BOOST.isOn("1")).isTrue();
    assertThat(TurboSwitch.BOOST.valueFor(false)).isEqualTo("0");
  }

  @Test
  void disablingGoesLastAndRecordsTheOriginal() {
    TurboSwitch.Decision d =
        TurboSwitch.NO_TURBO.decide(
            turbo(NodeSettings.Turbo.DISABLED), "0", Optional.empty(), false);

    assertThat(d.turboOn()).isFalse();
    assertThat(d.first()).isFalse();
    assertThat(d.write()).hasValueSatisfying(w -> assertThat(w.value()).isEqualTo("1"));
    assertThat(d.recordOriginal()).contains("0");
  }

  @Test
  void withoutAnObjectTheOriginalComesBackFirstThenIsForgotten() {
    TurboSwitch.Decision back =
        TurboSwitch.NO_TURBO.decide(Optional.empty(), "1", Optional.of("0"), false);
    assertThat(back.first()).isTrue();
    assertThat(back.write()).hasValueSatisfying(w -> assertThat(w.value()).isEqualTo("0"));

    TurboSwitch.Decision done =
        TurboSwitch.NO_TURBO.decide(Optional.empty(), "0", Optional.of("0"), false);
    assertThat(done.write()).isEmpty();
    assertThat(done.forgetOriginal()).isTrue();
  }

  @Test
  void aFirmwareLockKeepsTurboOffWithoutRetrying() {
    TurboSwitch.Decision d =
        TurboSwitch.NO_TURBO.decide(turbo(NodeSettings.Turbo.ENABLED), "1", Optional.of("1"), true);

    assertThat(d.turboOn()).isFalse();
    assertThat(d.write()).isEmpty();
  }

  @Test
  void unchangedWithoutASnapshotLeavesTheSwitchAlone() {
    TurboSwitch.Decision d =
        TurboSwitch.BOOST.decide(turbo(NodeSettings.Turbo.UNCHANGED), "0", Optional.empty(), false);

    assertThat(d.turboOn()).isFalse();
    assertThat(d.write()).isEmpty();
    assertThat(d.forgetOriginal()).isFalse();
  }
}
