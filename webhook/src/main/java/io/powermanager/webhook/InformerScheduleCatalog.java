package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.Node;
import io.powermanager.api.convert.ScheduleConversion;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.domain.schedule.ScheduleCatalog;
import io.powermanager.domain.schedule.ScheduleView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link ScheduleCatalog} answered from {@link ClusterInformers}' stores (the power namespace's
 * PowerSchedules and TimeOfDays, every Node's labels); no API calls. Thread-safe.
 */
public final class InformerScheduleCatalog implements ScheduleCatalog {

  private final ClusterInformers caches;

  public InformerScheduleCatalog(ClusterInformers caches) {
    this.caches = Objects.requireNonNull(caches, "caches");
    // informers are created on first use: ask for every kind read here before the set starts
    caches.schedules();
    caches.timeOfDays();
    caches.nodes();
  }

  @Override
  public List<ScheduleView> schedules() {
    List<ScheduleView> out = new ArrayList<>();
    caches.schedules().getStore().list().stream().map(ScheduleConversion::view).forEach(out::add);
    caches.timeOfDays().getStore().list().stream().map(ScheduleConversion::view).forEach(out::add);
    return out;
  }

  @Override
  public Optional<Map<String, Map<String, String>>> nodeLabels() {
    Map<String, Map<String, String>> nodes = new TreeMap<>();
    for (Node n : caches.nodes().getStore().list()) {
      Map<String, String> labels = n.getMetadata().getLabels();
      nodes.put(n.getMetadata().getName(), labels == null ? Map.of() : labels);
    }
    return Optional.of(nodes);
  }
}
