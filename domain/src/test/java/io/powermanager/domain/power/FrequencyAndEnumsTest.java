package io.powermanager.domain.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrequencyAndEnumsTest {

  @Test
  void convertsBetweenMhzAndKhz() {
    assertThat(Frequency.ofMhz(3700).khz()).isEqualTo(3_700_000);
    assertThat(Frequency.ofKhz(2_401_000).mhz()).isEqualTo(2401);
    assertThat(Frequency.ofKhz(2_825_500).roundDown(Frequency.ofMhz(100)))
        .isEqualTo(Frequency.ofMhz(2800));
    assertThat(Frequency.ofMhz(3700)).hasToString("3700 MHz");
    assertThat(Frequency.ofMhz(100).minusClamped(Frequency.ofMhz(200)))
        .isEqualTo(Frequency.ofKhz(0));
    assertThatThrownBy(() -> Frequency.ofKhz(-1)).hasMessageContaining("-1 kHz");
  }

  @ParameterizedTest
  @CsvSource({
    "performance, performance",
    "balance_performance, balance_performance",
    "balance-performance, balance_performance",
    "balance-power, balance_power",
    "Balance_Power, balance_power",
    "power, power"
  })
  void parsesEppInBothFormsAndNormalises(String text, String sysfs) {
    assertThat(Epp.parse(text).orElseThrow().sysfsValue()).isEqualTo(sysfs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "default", "turbo", "balance power"})
  void rejectsUnknownEpp(String text) {
    assertThat(Epp.parse(text)).isEmpty();
  }

  @Test
  void parsesGovernors() {
    assertThat(Governor.parse("powersave")).contains(Governor.POWERSAVE);
    assertThat(Governor.parse("schedutil")).contains(Governor.SCHEDUTIL);
    assertThat(Governor.parse("turbo")).isEmpty();
    assertThat(Governor.allowedValues())
        .isEqualTo("performance, powersave, schedutil, ondemand, conservative, userspace");
  }

  @Test
  void namesBaseProfiles() {
    assertThat(BaseProfile.byName("balance-performance")).contains(BaseProfile.BALANCE_PERFORMANCE);
    assertThat(BaseProfile.byName("power")).isEmpty();
    assertThat(BaseProfile.BALANCE_POWER.asProfile().epp()).contains(Epp.BALANCE_POWER);
    assertThat(BaseProfile.allowedNames())
        .isEqualTo("performance, balance-performance, balance-power");
  }
}
