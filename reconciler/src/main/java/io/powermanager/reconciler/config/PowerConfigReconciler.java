package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.powermanager.api.convert.ConfigConversion;
import io.powermanager.api.convert.NodeConversion;
import io.powermanager.api.kube.EventRecorder;
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
 * and a status. Any other PowerConfig got past the webhook: it is ignored, never deleted, with
 * {@code Active=False} (reason {@code DuplicatePowerConfig}, naming the active one) and a Warning
 * Event. What a deleted PowerConfig leaves behind is not this reconciler's to delete: the DaemonSet
 * and the base profiles carry its ownerReference, so the garbage collector removes them.
 */
public final class PowerConfigReconciler implements Reconciler {

  private static final Logger LOGGER = LoggerFactory.getLogger(PowerConfigReconciler.class);

  /** The reason of a duplicate PowerConfig's {@code Active=False} condition and Event. */
  public static final String DUPLICATE = "DuplicatePowerConfig";

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
    Optional<PowerConfig> self = caches.config(key);
    if (self.isEmpty() || self.get().getMetadata().getDeletionTimestamp() != null) {
      return Result.done(); // its children go with it, through their ownerReferences
    }
    PowerConfig mine = self.get();
    PowerConfig active = ConfigSingleton.active(caches.configs()).orElse(mine);
    if (!sameObject(active, mine)) {
      return markDuplicate(mine, active);
    }
    return converge(mine);
  }

  private Result markDuplicate(PowerConfig duplicate, PowerConfig active) {
    String message =
        "only one PowerConfig is allowed per cluster and \""
            + active.getMetadata().getName()
            + "\" is the active one (the oldest); this PowerConfig is ignored until it is the only"
            + " one";
    PowerConfigStatus next =
        ConfigStatuses.duplicate(duplicate, DUPLICATE, message, clock.instant());
    if (ConfigStatuses.same(duplicate.getStatus(), next)) {
      return Result.done();
    }
    events.warning(duplicate, DUPLICATE, message);
    LOGGER
        .atWarn()
        .addKeyValue(LogKeys.KIND, "PowerConfig")
        .addKeyValue(LogKeys.NAME, duplicate.getMetadata().getName())
        .log(message);
    PowerConfig updated = copyConfig.apply(duplicate);
    updated.setStatus(next);
    writer.updateStatus(updated);
    return Result.done();
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
        Optional<PowerProfile> adopted = BaseProfiles.adopted(existing.get(), active, copyProfile);
        Optional<PowerProfile> windowed =
            BaseProfiles.windowed(adopted.orElse(existing.get()), kind, active, copyProfile);
        windowed.or(() -> adopted).ifPresent(writer::update);
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
