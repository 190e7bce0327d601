package io.powermanager.simulator.walkthrough;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.PowerApi;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerContainer;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.SharedPool;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.power.PowerNames;
import io.powermanager.simulator.SimulatedCluster;
import io.powermanager.simulator.node.CpuReading;
import io.powermanager.simulator.node.SimulatedNode;
import io.powermanager.simulator.tuning.CpuTarget;
import io.powermanager.simulator.tuning.PodTimeline;
import io.powermanager.simulator.tuning.ProfileTargets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The seed README's walkthrough on a simulated cluster, printed as a terminal session: the
 * PowerConfig, the shared profile, one shared workload per node (the seed's with {@code
 * example-node} replaced), the example pod asking for 2 {@code performance} CPUs, then a pod whose
 * profile count does not match its CPUs (refused by the webhook); then {@code kubectl get} tables
 * of pods, profiles, workloads and PowerNodes, the PowerNode status of the pod's node in the seed's
 * fields, each node's CPUs at boot and now, and the measured time from the pod's creation to its
 * tuned cores. Objects go through the API server exactly as {@code kubectl apply} sends them.
 */
public final class Walkthrough {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration CACHE_RETRY = Duration.ofSeconds(3);

  /**
   * What the walkthrough measured.
   *
   * @param agentsReady from the PowerConfig's creation to every node's agent Ready, its capacity
   *     advertised and its shared CPUs tuned
   * @param pod the example pod's way to tuned cores
   * @param denial the line kubectl printed for the refused pod
   */
  public record Result(Duration agentsReady, PodTimeline pod, String denial) {}

  private final SimulatedCluster cluster;
  private final Examples examples;
  private final PrintWriter out;
  private final KubernetesClient client;
  private final KubectlGet get;
  private final String ns;

  private Walkthrough(SimulatedCluster cluster, Examples examples, PrintWriter out) {
    this.cluster = cluster;
    this.examples = examples;
    this.out = out;
    this.client = cluster.client();
    this.get = new KubectlGet(cluster.api().url());
    this.ns = cluster.options().powerNamespace();
  }

  /** Runs the walkthrough on a started cluster and prints it; the caller closes the cluster. */
  public static Result run(SimulatedCluster cluster, Examples examples, PrintWriter out) {
    try {
      return new Walkthrough(cluster, examples, out).run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Result run() throws IOException {
    // the seed's order: PowerConfig, shared profile, shared workload per node, pod
    long configAt = System.nanoTime();
    apply(Examples.POWER_CONFIG);
    apply(Examples.SHARED_PROFILE);
    String workload = examples.read(Examples.SHARED_WORKLOAD);
    for (SimulatedNode node : cluster.nodes()) {
      out.println(
          "$ sed 's/"
              + Examples.EXAMPLE_NODE
              + "/"
              + node.name()
              + "/g' "
              + examples.displayName(Examples.SHARED_WORKLOAD)
              + " | kubectl apply -f -");
      out.println(
          applyRetrying(workload.replace(Examples.EXAMPLE_NODE, node.name()), "STDIN").line());
    }
    awaitAgents(
        client
            .getKubernetesSerialization()
            .unmarshal(workload, PowerWorkload.class)
            .getSpec()
            .getPowerProfile());
    Duration agentsReady = Duration.ofNanos(System.nanoTime() - configAt);
    out.printf(
        "  (the reconciler deployed DaemonSet power-node-agent; agents on %s are Ready, capacity%n"
            + "   is advertised and the shared CPUs are tuned: %.1f s after the PowerConfig)%n%n",
        String.join(", ", cluster.agents().runningOn()), agentsReady.toMillis() / 1000.0);

    out.println("$ kubectl apply -f " + examples.displayName(Examples.POD));
    long podAt = System.nanoTime();
    KubectlApply.Applied applied =
        applyRetrying(examples.read(Examples.POD), examples.displayName(Examples.POD));
    HasMetadata pod = applied.object();
    cluster.tracker().created(ns, pod.getMetadata().getName(), pod.getMetadata().getUid(), podAt);
    out.println(applied.line());
    PodTimeline timeline = awaitTuned(pod.getMetadata().getUid());
    out.println();

    out.println("$ kubectl apply -f " + examples.displayName(Examples.MISMATCHED_POD));
    String denial;
    try {
      KubectlApply.Applied wrong =
          KubectlApply.apply(
              client,
              examples.read(Examples.MISMATCHED_POD),
              examples.displayName(Examples.MISMATCHED_POD));
      denial = "";
      out.println(wrong.line() + "   <- NOT refused: the webhook did not catch it");
    } catch (KubectlApply.ApplyException e) {
      denial = e.getMessage();
      out.println(denial);
    }
    out.println();

    section("kubectl get pods -o wide", "/api/v1/namespaces/" + ns + "/pods", true);
    section(
        "kubectl get powerprofiles",
        "/apis/" + PowerApi.API_VERSION + "/namespaces/" + ns + "/powerprofiles",
        false);
    section(
        "kubectl get powerworkloads",
        "/apis/" + PowerApi.API_VERSION + "/namespaces/" + ns + "/powerworkloads",
        false);
    section(
        "kubectl get powernodes",
        "/apis/" + PowerApi.API_VERSION + "/namespaces/" + ns + "/powernodes",
        false);
    printPowerNodeStatus(timeline.node());
    for (SimulatedNode node : cluster.nodes()) {
      printCpus(node);
      printUncore(node);
    }
    printTimeToTune(cluster.tracker().timeline(timeline.uid()).orElse(timeline));
    out.flush();
    return new Result(agentsReady, timeline, denial);
  }

  // ------------------------------------------------------------------ applying

  private void apply(String example) {
    out.println("$ kubectl apply -f " + examples.displayName(example));
    out.println(applyRetrying(examples.read(example), examples.displayName(example)).line());
    out.flush();
  }

  /** Applies, retrying for {@link #CACHE_RETRY} while the webhook's cache lags. */
  private KubectlApply.Applied applyRetrying(String yaml, String source) {
    return KubectlApply.applyRetrying(client, yaml, source, CACHE_RETRY);
  }

  // ------------------------------------------------------------------ waiting

  private void awaitAgents(String sharedProfile) {
    await(
        "agents Ready on every node, capacity advertised and shared CPUs tuned",
        () -> {
          if (cluster.agents().runningOn().size() < cluster.nodes().size()) {
            return false;
          }
          List<PowerProfile> profiles =
              client.resources(PowerProfile.class).inNamespace(ns).list().getItems();
          for (SimulatedNode node : cluster.nodes()) {
            if (!ready(node.name()) || !advertises(node.name(), "performance")) {
              return false;
            }
            Optional<CpuTarget> shared =
                ProfileTargets.resolve(sharedProfile, node.name(), profiles, node.hardware());
            CpuSet allocatable = node.kubelet().allocatable();
            if (shared.isEmpty()
                || allocatable.stream()
                    .anyMatch(cpu -> !shared.get().reachedBy(CpuReading.of(node.sysfs(), cpu)))) {
              return false;
            }
          }
          return true;
        });
  }

  private boolean ready(String node) {
    PowerNode pn = client.resources(PowerNode.class).inNamespace(ns).withName(node).get();
    return pn != null
        && pn.getStatus() != null
        && pn.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private boolean advertises(String node, String profile) {
    Node n = client.nodes().withName(node).get();
    if (n == null || n.getStatus() == null || n.getStatus().getAllocatable() == null) {
      return false;
    }
    Quantity q = n.getStatus().getAllocatable().get(PowerNames.resourceName(profile));
    return q != null && Quantity.getAmountInBytes(q).signum() > 0;
  }

  private PodTimeline awaitTuned(String uid) {
    try {
      return cluster.tracker().whenTuned(uid).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the example pod's cores were not tuned within "
              + WAIT.toSeconds()
              + " s; what is known: "
              + cluster.tracker().timeline(uid).map(Object::toString).orElse("nothing"),
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + WAIT.toSeconds() + " s: " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
  }

  // ------------------------------------------------------------------ printing

  private void section(String command, String path, boolean wide) throws IOException {
    out.println("$ " + command);
    out.print(get.table(path, ns, wide));
    out.println();
  }

  private void printPowerNodeStatus(String node) {
    PowerNode pn = client.resources(PowerNode.class).inNamespace(ns).withName(node).get();
    if (pn == null || pn.getStatus() == null) {
      return;
    }
    PowerNodeStatus s = pn.getStatus();
    Map<String, Object> seed = new LinkedHashMap<>();
    seed.put("activeProfiles", s.getActiveProfiles());
    seed.put("activeWorkloads", s.getActiveWorkloads());
    seed.put("nodeName", pn.getSpec() == null ? node : pn.getSpec().getNodeName());
    seed.put("powerContainers", s.getPowerContainers());
    seed.put("sharedPools", s.getSharedPools());
    out.println(
        "$ kubectl get powernode "
            + node
            + " -o yaml     # status, the seed's fields only (also: hardware, conditions, ...)");
    String yaml = client.getKubernetesSerialization().asYaml(seed);
    out.print(yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
    out.println();
  }

  private void printCpus(SimulatedNode node) {
    Map<Integer, String> pools = pools(node);
    Map<Integer, CpuReading> now = node.readAll();
    out.printf(
        "CPUs of %s (%s, %d CPUs, %s; kubelet reserves %s):%n",
        node.name(),
        node.hardware().name(),
        node.hardware().online().size(),
        node.hardware().driver().toString().toLowerCase(java.util.Locale.ROOT),
        node.kubelet().reserved());
    boolean cstates = cstatesUsed();
    List<List<String>> rows = new ArrayList<>();
    List<String> header =
        new ArrayList<>(List.of("CPU", "POOL", "AT BOOT (min-max, EPP, governor)", "NOW"));
    if (cstates) {
      header.add("C-STATES OFF");
    }
    rows.add(header);
    for (Map.Entry<Integer, CpuReading> e : now.entrySet()) {
      CpuReading boot = node.bootSettings().get(e.getKey());
      List<String> row =
          new ArrayList<>(
              List.of(
                  Integer.toString(e.getKey()),
                  pools.getOrDefault(e.getKey(), "?"),
                  boot.describe(),
                  e.getValue().sameSettings(boot) ? "(unchanged)" : e.getValue().describe()));
      if (cstates) {
        row.add(disabledIdleStates(node, e.getKey()));
      }
      rows.add(row);
    }
    out.print(columns(rows));
    out.println();
  }

  /**
   * The node's uncore domains, original → now, as its PowerNode reports them; only once an Uncore
   * object exists (nothing to show before).
   */
  private void printUncore(SimulatedNode node) {
    if (client
        .resources(io.powermanager.api.v1alpha1.Uncore.class)
        .inNamespace(ns)
        .list()
        .getItems()
        .isEmpty()) {
      return;
    }
    PowerNode pn = client.resources(PowerNode.class).inNamespace(ns).withName(node.name()).get();
    List<io.powermanager.api.v1alpha1.UncoreState> states =
        pn == null || pn.getStatus() == null ? List.of() : pn.getStatus().getUncore();
    out.printf("Uncore domains of %s:%n", node.name());
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("DOMAIN", "ORIGINAL (min-max kHz)", "NOW", "CURRENT"));
    for (io.powermanager.api.v1alpha1.UncoreState u : states) {
      String original = u.getOriginalMinKHz() + "-" + u.getOriginalMaxKHz();
      String now = u.getMinKHz() + "-" + u.getMaxKHz();
      rows.add(
          List.of(
              u.getDomain(),
              original,
              now.equals(original) ? "(unchanged)" : now,
              u.getCurrentKHz() == null ? "-" : u.getCurrentKHz().toString()));
    }
    if (states.isEmpty()) {
      rows.add(List.of("(none tuned)", "", "", ""));
    }
    out.print(columns(rows));
    out.println();
  }

  /** Whether a CStates object or a profile with {@code cstates} exists: the table shows them. */
  private boolean cstatesUsed() {
    return !client.resources(CStates.class).inNamespace(ns).list().getItems().isEmpty()
        || client.resources(PowerProfile.class).inNamespace(ns).list().getItems().stream()
            .anyMatch(p -> p.getSpec() != null && p.getSpec().getCstates() != null);
  }

  /** The idle states disabled on a CPU now, e.g. {@code C1,C6}, or {@code -}. */
  private static String disabledIdleStates(SimulatedNode node, int cpu) {
    List<String> off = new ArrayList<>();
    for (var state : node.hardware().idleStates()) {
      if (node.sysfs().cpu(cpu).idleStateDisabled(state.name())) {
        off.add(state.name());
      }
    }
    return off.isEmpty() ? "-" : String.join(",", off);
  }

  /** Each CPU's pool as the node's PowerNode reports it. */
  private Map<Integer, String> pools(SimulatedNode node) {
    Map<Integer, String> pools = new TreeMap<>();
    PowerNode pn = client.resources(PowerNode.class).inNamespace(ns).withName(node.name()).get();
    if (pn == null || pn.getStatus() == null) {
      return pools;
    }
    CpuSet reserved = node.kubelet().reserved();
    for (SharedPool pool : pn.getStatus().getSharedPools()) {
      for (int cpu : pool.getSharedPoolCpuIds()) {
        pools.put(cpu, reserved.contains(cpu) ? pool.getName() + " (reserved)" : pool.getName());
      }
    }
    for (PowerContainer c : pn.getStatus().getPowerContainers()) {
      for (int cpu : c.getExclusiveCpus()) {
        pools.put(cpu, c.getPowerProfile() + " (" + c.getPod() + ")");
      }
    }
    return pools;
  }

  private void printTimeToTune(PodTimeline t) {
    out.printf(
        "Time from pod creation to tuned cores: %s  (%s on %s: CPUs %s at %s)%n",
        ms(t.timeToTuneMillis()),
        t.name(),
        t.node(),
        t.cpus(),
        t.targets().values().stream()
            .map(x -> x.profile() + " " + x.describe())
            .distinct()
            .reduce((a, b) -> a + ", " + b)
            .orElse("?"));
    out.printf(
        "  measured from the create request to the sysfs write after which every one of its CPUs%n"
            + "  read back at the profile's values; bound to %s after %s, Running after %s%n%n",
        t.node(), ms(t.millisTo(t.bound())), ms(t.millisTo(t.running())));
  }

  static String ms(OptionalDouble millis) {
    return millis.isPresent() ? String.format("%.0f ms", millis.getAsDouble()) : "?";
  }

  /** Left-aligned columns, 3 spaces apart, like kubectl's tables. */
  public static String columns(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /**
   * After the cluster closed: whether every CPU of every node is back at its boot settings, and a
   * line saying so.
   */
  public static String restoreLine(SimulatedCluster cluster) {
    List<String> dirty = new ArrayList<>();
    int cpus = 0;
    for (SimulatedNode node : cluster.nodes()) {
      cpus += node.hardware().online().size();
      CpuSet changed = node.changedSinceBoot();
      if (!changed.isEmpty()) {
        dirty.add(node.name() + " CPUs " + changed);
      }
    }
    return dirty.isEmpty()
        ? "Stopped: the agents restored every CPU; all "
            + cpus
            + " CPUs of "
            + cluster.nodes().size()
            + " nodes read back at their boot settings."
        : "Stopped, but these CPUs are NOT at their boot settings: " + String.join("; ", dirty);
  }
}
