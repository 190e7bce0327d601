package io.powermanager.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.powermanager.agent.cpufreq.HardwareDiscovery;
import io.powermanager.agent.cpufreq.HardwareFacts;
import io.powermanager.agent.kube.PodKey;
import io.powermanager.agent.metrics.MetricsHttpServer;
import io.powermanager.agent.sysfs.NioSysfs;
import io.powermanager.api.v1alpha1.NodeTelemetry;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.tuning.ExclusiveClaim;
import io.powermanager.domain.tuning.NodePools;
import io.powermanager.testkit.sysfs.EmulatedPowercap;
import io.powermanager.testkit.sysfs.EmulatedProcStat;
import io.powermanager.testkit.sysfs.EmulatedSysfs;
import io.powermanager.testkit.sysfs.EmulatedTelemetry;
import io.powermanager.testkit.sysfs.HardwareModel;
import io.powermanager.testkit.sysfs.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry collector through the host adapters ({@link NioSysfs} on the CPU tree and the
 * powercap tree, {@code /proc/stat} as a file) on an emulated node whose counters advance with a
 * manual clock, scraped over HTTP.
 */
class TelemetryIT {

  private static final Duration HEARTBEAT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));

  private record Node(
      EmulatedTelemetry emulated, TelemetryCollector collector, PrometheusRegistry registry) {}

  private Node node(HardwareModel model, Optional<Long> raplRangeUj, int podLimit)
      throws Exception {
    EmulatedSysfs sysfs = EmulatedSysfs.create(dir.resolve("cpu"), model);
    Optional<EmulatedPowercap> rapl =
        raplRangeUj.isPresent()
            ? Optional.of(EmulatedPowercap.create(dir.resolve("powercap"), 1, raplRangeUj.get()))
            : EmulatedPowercap.create(dir.resolve("powercap"), model);
    EmulatedProcStat stat = EmulatedProcStat.create(dir.resolve("proc/stat"), model);
    EmulatedTelemetry emulated = new EmulatedTelemetry(sysfs, rapl, stat, clock);
    NioSysfs cpuTree = new NioSysfs(dir.resolve("cpu"));
    HardwareFacts hardware = HardwareDiscovery.discover(cpuTree);
    TelemetrySources sources =
        TelemetrySources.host(dir.resolve("powercap"), dir.resolve("proc/stat"), podLimit);
    TelemetryCollector collector =
        new TelemetryCollector(cpuTree, hardware, sources, clock, HEARTBEAT.dividedBy(2));
    PrometheusRegistry registry = new PrometheusRegistry();
    TelemetryMetrics.register(registry, collector::snapshot);
    return new Node(emulated, collector, registry);
  }

  /** CPU 0 reserved; pod-a holds 2-3 (performance), pod-b 4 (balance-power); the rest shared. */
  private static NodePools pools() {
    return NodePools.assign(
        CpuSet.range(0, 7),
        CpuSet.range(1, 7),
        List.of(
            new ExclusiveClaim("default/pod-a/app", CpuSet.of(List.of(2, 3)), "performance-n1"),
            new ExclusiveClaim("default/pod-b/app", CpuSet.of(List.of(4)), "balance-power-n1")),
        Optional.of("shared-n1"));
  }

  private static Map<PodKey, CpuSet> pods() {
    Map<PodKey, CpuSet> pods = new LinkedHashMap<>();
    pods.put(new PodKey("default", "pod-a", "uid-a"), CpuSet.of(List.of(2, 3)));
    pods.put(new PodKey("default", "pod-b", "uid-b"), CpuSet.of(List.of(4)));
    return pods;
  }

  @Test
  void perProfileSplitSumsToPackageEnergyAndTheCounterSurvivesWraps() throws Exception {
    // Given a package counter that wraps at 500 J (about every 2 heartbeats of this node)
    Node node = node(HardwareModel.small(), Optional.of(500_000_000L), 1);
    EmulatedSysfs sysfs = node.emulated().sysfs();
    sysfs.busy(2, 0.9);
    sysfs.busy(3, 0.9);
    sysfs.busy(4, 0.6);
    for (int cpu : List.of(0, 1, 5, 6, 7)) {
      sysfs.busy(cpu, 0.1);
    }
    node.emulated().advance();
    node.collector().collect(pools(), pods());

    // When ten heartbeats pass
    List<Double> totals = new ArrayList<>();
    List<Long> raw = new ArrayList<>();
    NodeTelemetry status = null;
    for (int beat = 0; beat < 10; beat++) {
      clock.advance(HEARTBEAT);
      node.emulated().advance();
      raw.add(node.emulated().powercap().orElseThrow().energyUj(0));
      status = node.collector().collect(pools(), pods());
      totals.add(node.collector().snapshot().zoneJoules().get("package-0"));
    }

    // Then energy_uj wrapped, yet the counter only grew
    assertThat(raw).isNotEqualTo(raw.stream().sorted().toList());
    assertThat(totals).isSortedAccordingTo(Double::compare);
    assertThat(totals.get(totals.size() - 1)).isGreaterThan(1000.0);
    // and the profiles' estimated energy adds up to the package energy
    TelemetrySnapshot s = node.collector().snapshot();
    double profiles = s.profileJoules().values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(profiles).isCloseTo(s.zoneJoules().get("package-0"), offset(1e-6));
    assertThat(s.profileCpus())
        .containsEntry("performance-n1", 2)
        .containsEntry("balance-power-n1", 1)
        .containsEntry("shared-n1", 4)
        .containsEntry(TelemetryCollector.RESERVED, 1);
    assertThat(s.profileJoules().get("performance-n1"))
        .isGreaterThan(s.profileJoules().get("shared-n1"));
    // and the status says the same in watts, within rounding
    assertThat(status.getEnergySource()).isEqualTo("rapl");
    assertThat(status.getIntervalSeconds()).isEqualTo(30.0);
    double split =
        status.getProfiles().stream()
            .mapToDouble(NodeTelemetry.ProfileEnergy::getEstimatedWatts)
            .sum();
    assertThat(split).isCloseTo(status.getPackageWatts(), offset(0.05 * 5 + 0.05));
    // per pod (limit 1): pod-a only, pod-b counted as not reported
    assertThat(s.podJoules()).containsOnlyKeys("default/pod-a");
    assertThat(s.podMeanKhz().get("default/pod-a")).isEqualTo(3_200_000.0);
    assertThat(s.podsNotReported()).isEqualTo(1);
  }

  @Test
  void scrapeHasHelpTypeAndEveryTelemetryFamily() throws Exception {
    // Given
    Node node = node(HardwareModel.small(), Optional.empty(), 5);
    node.emulated().advance();
    node.collector().collect(pools(), pods());
    clock.advance(HEARTBEAT);
    node.emulated().advance();
    node.collector().collect(pools(), pods());

    // When
    String text;
    try (MetricsHttpServer server =
        MetricsHttpServer.start("127.0.0.1", 0, () -> node.registry())) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.url())).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      text = response.body();
    }

    // Then
    for (String family :
        List.of(
            "power_manager_agent_energy_joules_total counter",
            "power_manager_agent_rapl_available gauge",
            "power_manager_agent_package_power_watts gauge",
            "power_manager_agent_cpu_idle_seconds_total counter",
            "power_manager_agent_cpu_idle_entries_total counter",
            "power_manager_agent_cpu_current_frequency_khz gauge",
            "power_manager_agent_uncore_current_frequency_khz gauge",
            "power_manager_agent_profile_cpus gauge",
            "power_manager_agent_profile_estimated_energy_joules_total counter",
            "power_manager_agent_pod_estimated_energy_joules_total counter",
            "power_manager_agent_pod_mean_frequency_khz gauge")) {
      String name = family.substring(0, family.indexOf(' '));
      assertThat(text).contains("# TYPE " + family + "\n").contains("# HELP " + name + " ");
    }
    assertThat(text)
        .contains("power_manager_agent_energy_joules_total{zone=\"package-0\"}")
        .contains("power_manager_agent_energy_joules_total{zone=\"package-0/core\"}")
        .contains("power_manager_agent_cpu_idle_seconds_total{cpu=\"5\",state=\"C6\"} 15.0\n")
        .contains("power_manager_agent_cpu_idle_entries_total{cpu=\"5\",state=\"C6\"} 15000.0\n")
        .contains("power_manager_agent_cpu_current_frequency_khz{cpu=\"0\"} 2100000.0\n")
        .contains("power_manager_agent_uncore_current_frequency_khz{domain=\"package_00_die_00\"}")
        .contains("power_manager_agent_rapl_available 1")
        .contains(
            "power_manager_agent_pod_mean_frequency_khz{namespace=\"default\",pod=\"pod-b\"}");
    assertThat(text).contains("ESTIMATE").contains("busy time");
  }

  @Test
  void aNodeWithoutRaplReportsTheFactNotAnError() throws Exception {
    // Given
    Node node = node(HardwareModel.acpi(), Optional.empty(), 0);
    node.emulated().advance();
    node.collector().collect(pools16(), Map.of());
    clock.advance(HEARTBEAT);
    node.emulated().advance();

    // When
    NodeTelemetry status = node.collector().collect(pools16(), Map.of());

    // Then
    assertThat(status.getEnergySource()).isEqualTo("none");
    assertThat(status.getPackageWatts()).isNull();
    assertThat(node.collector().raplAvailable()).isFalse();
    assertThat(node.registry().scrape().stream().map(m -> m.getMetadata().getName()))
        .contains("power_manager_agent_rapl_available");
    assertThat(node.collector().snapshot().idleTimeUs()[3][3]).isEqualTo(15_000_000L);
  }

  private static NodePools pools16() {
    return NodePools.assign(CpuSet.range(0, 15), CpuSet.range(1, 15), List.of(), Optional.empty());
  }
}
