package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.powermanager.api.convert.ConfigConversion;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigStatus;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.node.Heartbeat;
import io.powermanager.domain.power.BaseProfile;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.domain.rules.ConfigRules;
import io.powermanager.domain.rules.StaticCatalog;
import io.powermanager.reconciler.LogKeys;
import io.powermanager.reconciler.ReconcilerConfig;
import io.powermanager.reconciler.kube.Caches;
import io.powermanager.reconciler.kube.Copies;
import io.powermanager.reconciler.kube.EventRecorder;
import io.powermanager.reconciler.kube.FabricWriter;
import io.powermanager.reconciler.runtime.Reconciler;
import io.powermanager.reconciler.runtime.ResourceKey;
import io.powermanager.reconciler.runtime.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by PowerConfig. The active (oldest) PowerConfig gets the agent DaemonSet, its base profiles
 * and a status; any other PowerConfig got past the webhook and is deleted with a Warning Event
 * naming the active one, as the seed specifies. When no PowerConfig is left, the DaemonSet and the
 * base profiles it created are deleted (what ownerReference garbage collection does in a real
 * cluster, done explicitly so it also happens where there is no garbage collector).
 */
public final class PowerConfigReconciler implements Reconciler {

  private static final Logger LOGGER = LoggerFactory.getLogger(PowerConfigReconciler.class);

  private final ReconcilerConfig config;
  private final Caches caches;
  private final FabricWriter writer;
  private final EventRecorder events;
  private final Clock clock;
  private final UnaryOperator<PowerProfile> copyProfile;
  private final UnaryOperator<PowerConfig> copyConfig;

  public PowerConfigReconciler(
      ReconcilerConfig config,
      Caches caches,
      FabricWriter writer,
      EventRecorder events,
      Clock clock) {
    this.config = config;
    this.caches = caches;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
    this.copyProfile = Copies::of;
    this.copyConfig = Copies::of;
  }

  @Override
  public Result reconcile(ResourceKey key) {
    Optional<PowerConfig> active = caches.activeConfig();
    Optional<PowerConfig> self = caches.config(key);
    if (self.isPresent() && self.get().getMetadata().getDeletionTimestamp() == null) {
      PowerConfig mine = self.get();
      if (active.isPresent() && !sameObject(active.get(), mine)) {
        return removeDuplicate(mine, active.get());
      }
    }
    if (active.isEmpty()) {
      cleanUp();
      return Result.done();
    }
    if (self.isEmpty() || !sameObject(active.get(), self.get())) {
      return Result.done(); // the active config is reconciled under its own key
    }
    return converge(active.get());
  }

  private Result removeDuplicate(PowerConfig duplicate, PowerConfig active) {
    String message =
        "only one PowerConfig is allowed per cluster and \""
            + active.getMetadata().getName()
            + "\" is the active one (the oldest); this PowerConfig \""
            + duplicate.getMetadata().getName()
            + "\" is deleted";
    events.warning(duplicate, "DuplicatePowerConfig", message);
    LOGGER
        .atWarn()
        .addKeyValue(LogKeys.KIND, "PowerConfig")
        .addKeyValue(LogKeys.NAME, duplicate.getMetadata().getName())
        .log(message);
    writer.delete(duplicate);
    return Result.done();
  }

  private void cleanUp() {
    caches
        .agentDaemonSet()
        .filter(ds -> Caches.owningConfig(ds).isPresent())
        .ifPresent(writer::delete);
    for (PowerProfile p : caches.profiles()) {
      if (BaseProfiles.isManaged(p)) {
        writer.delete(p);
      }
    }
  }

  private Result converge(PowerConfig active) {
    Instant now = clock.instant();
    AgentImage image =
        AgentImage.choose(
            active.getSpec() == null ? null : active.getSpec().getPowerImage(),
            config.agentImage(),
            config.agent().allowedImages());
    if (image.refused()) {
      events.warning(active, "AgentImageNotAllowed", image.reason()); // no DaemonSet with it
    } else {
      ensureDaemonSet(active, image);
    }
    List<BaseProfile> listed = BaseProfiles.listed(active);
    ensureBaseProfiles(active, listed);
    Map<String, List<String>> retained = removeUnlisted(listed);
    PowerNodes nodes = powerNodes(active, listed, now);
    RuleResult rules =
        ConfigRules.check(ConfigConversion.view(active), StaticCatalog.unknown())
            .and(image.rules());
    PowerConfigStatus next =
        ConfigStatuses.compute(
            active,
            new ConfigStatuses.Facts(
                nodes.fresh(), image, listed, rules, retained, nodes.tooLong()),
            now);
    if (!ConfigStatuses.same(active.getStatus(), next)) {
      PowerConfig updated = copyConfig.apply(active);
      updated.setStatus(next);
      writer.updateStatus(updated);
    }
    return nodes
        .nextStale()
        .map(at -> Result.requeueAfter(Duration.between(now, at)))
        .orElse(Result.done());
  }

  private void ensureDaemonSet(PowerConfig active, AgentImage image) {
    DaemonSet desired =
        AgentDaemonSet.desired(active, caches.powerNamespace(), image.image(), config.agent());
    Optional<DaemonSet> actual = caches.agentDaemonSet();
    if (actual.isEmpty()) {
      writer.create(desired);
      return;
    }
    List<String> differences = AgentDaemonSet.differences(desired, actual.get());
    if (differences.isEmpty()) {
      return;
    }
    LOGGER
        .atInfo()
        .addKeyValue(LogKeys.KIND, "DaemonSet")
        .addKeyValue(LogKeys.NAME, AgentDaemonSet.NAME)
        .addKeyValue(LogKeys.CHANGES, differences)
        .log("updating the agent DaemonSet");
    if (!AgentDaemonSet.selectorMatches(desired, actual.get())) {
      writer.delete(actual.get()); // a selector is immutable: the next reconcile recreates it
      return;
    }
    writer.update(AgentDaemonSet.updated(actual.get(), desired));
  }

  private void ensureBaseProfiles(PowerConfig active, List<BaseProfile> listed) {
    for (BaseProfile kind : listed) {
      Optional<PowerProfile> existing = caches.profile(kind.profileName());
      if (existing.isEmpty()) {
        writer.create(BaseProfiles.desired(kind, active, caches.powerNamespace()));
      } else if (BaseProfiles.isManaged(existing.get())) {
        BaseProfiles.adopted(existing.get(), active, copyProfile).ifPresent(writer::update);
      }
    }
  }

  /** Deletes managed base profiles no longer listed, unless used; returns the kept ones. */
  private Map<String, List<String>> removeUnlisted(List<BaseProfile> listed) {
    Set<String> listedNames = new HashSet<>();
    listed.forEach(b -> listedNames.add(b.profileName()));
    Map<String, List<String>> retained = new TreeMap<>();
    for (PowerProfile p : caches.profiles()) {
      String name = p.getMetadata().getName();
      if (!BaseProfiles.isManaged(p) || listedNames.contains(name)) {
        continue;
      }
      Set<String> names = new HashSet<>();
      names.add(name);
      caches.extendedOf(name).forEach(e -> names.add(e.getMetadata().getName()));
      List<String> users = ProfileUsers.of(names, caches.powerPods(), caches.workloads());
      if (users.isEmpty()) {
        writer.delete(p);
      } else {
        retained.put(name, users);
      }
    }
    return retained;
  }

  /** Power nodes: selected by the config and with a fresh agent heartbeat. */
  private record PowerNodes(
      List<String> fresh, List<String> tooLong, Optional<Instant> nextStale) {}

  private PowerNodes powerNodes(PowerConfig active, List<BaseProfile> listed, Instant now) {
    Map<String, String> selector =
        active.getSpec() == null ? Map.of() : active.getSpec().getPowerNodeSelector();
    List<String> fresh = new ArrayList<>();
    List<String> tooLong = new ArrayList<>();
    Instant nextStale = null;
    for (PowerNode pn : caches.powerNodes()) {
      String name = NodeConversion.nodeName(pn);
      if (caches.node(name).filter(n -> Caches.selects(selector, n)).isEmpty()) {
        continue;
      }
      for (BaseProfile b : listed) {
        String extended = PowerNames.extendedProfileName(b.profileName(), name);
        if (!PowerNames.isValidProfileName(extended)) {
          tooLong.add(extended);
        }
      }
      Optional<Instant> beat = NodeConversion.heartbeat(pn);
      if (Heartbeat.isFresh(beat, now)) {
        fresh.add(name);
        Instant stale = beat.get().plus(Heartbeat.STALE_AFTER).plusMillis(1);
        if (stale.isAfter(now) && (nextStale == null || stale.isBefore(nextStale))) {
          nextStale = stale;
        }
      }
    }
    fresh.sort(null);
    tooLong.sort(null);
    return new PowerNodes(fresh, tooLong, Optional.ofNullable(nextStale));
  }

  private static boolean sameObject(PowerConfig a, PowerConfig b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName())
        && java.util.Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
  }
}
