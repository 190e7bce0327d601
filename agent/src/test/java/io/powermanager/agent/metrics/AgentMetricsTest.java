package io.powermanager.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.agent.cpufreq.ApplyResult;
import io.powermanager.agent.cpufreq.Tuner;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.Desire;
import io.powermanager.domain.tuning.Knob;
import io.powermanager.domain.tuning.NodePlan;
import io.powermanager.domain.tuning.PlannedWrite;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

  private static String scrape(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exposesDesiredAndActualSettingsPerCpuAndTheWriteCounters() throws Exception {
    // Given
    PrometheusRegistry registry = new PrometheusRegistry();
    AgentMetrics metrics = new AgentMetrics(registry);
    CpuSettings shared = CpuSettings.of("powersave", "power", 1_000_000, 1_500_000);
    CpuSettings boot = CpuSettings.of("powersave", "balance_performance", 800_000, 3_500_000);
    PlannedWrite write = new PlannedWrite(3, Knob.MAX_FREQ, "1500000");
    Tuner.Outcome outcome =
        new Tuner.Outcome(
            Map.of(
                3,
                new Desire.Target(shared, "profile shared"),
                4,
                new Desire.Refused("x", "too fast")),
            Map.of(3, boot),
            new NodePlan(List.of(write), Map.of(4, new Desire.Refused("x", "too fast"))),
            new ApplyResult(List.of(write), List.of(), List.of(), CpuSet.of(3)),
            List.of(3),
            Map.of());

    // When
    metrics.record(outcome, Map.of(3, shared));
    metrics.podTuned(0.004);

    // Then
    String text = scrape(registry);
    assertThat(text)
        .contains(
            "power_manager_agent_cpu_max_frequency_khz{cpu=\"3\",state=\"desired\"} 1500000.0")
        .contains("power_manager_agent_cpu_max_frequency_khz{cpu=\"3\",state=\"actual\"} 1500000.0")
        .contains("power_manager_agent_cpu_epp{cpu=\"3\",state=\"desired\"} 255.0")
        .contains("power_manager_agent_sysfs_writes_total 1.0")
        .contains("power_manager_agent_refused_cpus 1.0")
        .contains("power_manager_agent_pod_tune_seconds_count 1");
  }

  @Test
  void mapsEppNamesToTheirHwpValues() {
    // When / Then
    assertThat(AgentMetrics.eppValue(Optional.of("performance"))).contains(0);
    assertThat(AgentMetrics.eppValue(Optional.of("balance_performance"))).contains(128);
    assertThat(AgentMetrics.eppValue(Optional.of("balance_power"))).contains(192);
    assertThat(AgentMetrics.eppValue(Optional.of("power"))).contains(255);
    assertThat(AgentMetrics.eppValue(Optional.of("64"))).contains(64);
    assertThat(AgentMetrics.eppValue(Optional.of("default"))).isEmpty();
    assertThat(AgentMetrics.eppValue(Optional.empty())).isEmpty();
  }
}
