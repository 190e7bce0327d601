package io.powermanager.reconciler;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.powermanager.api.CrdConversion;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.PowerResources;
import io.powermanager.api.kube.StorageVersion;
import io.powermanager.api.v1alpha1.CoreType;
import io.powermanager.api.v1alpha1.NodeHardware;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerConfigSpec;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerNodeSpec;
import io.powermanager.api.v1alpha1.PowerNodeStatus;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerProfileSpec;
import io.powermanager.apiserver.ApiServerOptions;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.webhook.ConversionEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Objects as users and agents write them, for ITs against the mock API server. */
public final class Fixtures {

  public static final String NAMESPACE = "power";
  public static final String POWER_LABEL = "feature.node.kubernetes.io/appqos-node";
  public static final String AGENT_IMAGE = "registry.example/power-manager:0.1.0";

  /** The seed's PowerConfig, verbatim. */
  public static final String SEED_POWER_CONFIG =
      """
      apiVersion: "power.intel.com/v1alpha1"
      kind: PowerConfig
      metadata:
        name: power-config
      spec:
        powerImage: "appqos:latest"
        powerNodeSelector:
          feature.node.kubernetes.io/appqos-node: "true"
        powerProfiles:
        - "performance"
      """;

  /** What node-a advertises once converged on the seed config (6 allocatable CPUs, 2 per pod). */
  public static final Map<String, String> PERFORMANCE_ON_NODE_A =
      Map.of("power.intel.com/performance", "2", "power.intel.com/performance-node-a", "2");

  private Fixtures() {}

  /**
   * The stand-in API server with the power CRDs installed, converting requests in a non-storage
   * version through the real conversion route ({@link #conversion()}) as kube-apiserver would.
   */
  public static EmbeddedApiServer startApiServer() {
    ConversionEndpoint conversion = conversion();
    EmbeddedApiServer server =
        EmbeddedApiServer.start(
            ApiServerOptions.defaults()
                .withCrdConversion(true)
                .withService(
                    CrdConversion.SERVICE_NAMESPACE,
                    CrdConversion.SERVICE_NAME,
                    conversion.baseUrl()));
    PowerResources.install(server.client(), conversion.caPem());
    return server;
  }

  private static ConversionEndpoint conversion;

  /** The CRDs' conversion webhook, one per test JVM (stateless), stopped when the JVM exits. */
  public static synchronized ConversionEndpoint conversion() {
    if (conversion == null) {
      try {
        conversion =
            ConversionEndpoint.start(java.nio.file.Files.createTempDirectory("conversion-tls"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(conversion::close));
    }
    return conversion;
  }

  /** The reconcilers with the default configuration and a registry of their own. */
  public static Reconcilers startReconcilers(KubernetesClient client, Clock clock) {
    return Reconcilers.start(
        ReconcilerConfig.defaults(NAMESPACE, AGENT_IMAGE), client, new PrometheusRegistry(), clock);
  }

  public static PowerConfig seedConfig() {
    PowerConfig c =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            new ByteArrayInputStream(SEED_POWER_CONFIG.getBytes(StandardCharsets.UTF_8)),
            PowerConfig.class);
    c.getMetadata().setNamespace(NAMESPACE);
    return c;
  }

  public static PowerConfig config(String name, List<String> profiles) {
    PowerConfig c = new PowerConfig();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    PowerConfigSpec spec = new PowerConfigSpec();
    spec.setPowerNodeSelector(Map.of(POWER_LABEL, "true"));
    spec.setPowerProfiles(profiles);
    c.setSpec(spec);
    return c;
  }

  /**
   * Edits the spec of PowerConfig {@code power-config} as kubectl edit does (no stale writes):
   * read, change, write with the read resourceVersion, and again on a conflict with a status write.
   */
  public static void editConfig(
      KubernetesClient client, java.util.function.Consumer<PowerConfig> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(PowerConfig.class)
            .inNamespace(NAMESPACE)
            .withName("power-config")
            .edit(
                c -> {
                  change.accept(c);
                  return c;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** A node with {@code cpus} CPUs, labelled as a power node when {@code power}. */
  public static Node node(String name, boolean power, int cpus) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(
            power
                ? Map.of(POWER_LABEL, "true", "kubernetes.io/hostname", name)
                : Map.of("kubernetes.io/hostname", name))
        .endMetadata()
        .withNewStatus()
        .addToCapacity("cpu", new Quantity(Integer.toString(cpus)))
        .addToCapacity("memory", new Quantity("64Gi"))
        .addToCapacity("example.com/dongle", new Quantity("4"))
        .addToAllocatable("cpu", new Quantity(Integer.toString(cpus)))
        .addToAllocatable("memory", new Quantity("63Gi"))
        .addToAllocatable("example.com/dongle", new Quantity("4"))
        .endStatus()
        .build();
  }

  /** Creates the PowerNode the node's agent would, with hardware facts and a heartbeat. */
  public static PowerNode createPowerNode(
      KubernetesClient client, String node, Instant heartbeat, String allocatableCpus) {
    PowerNode pn = new PowerNode();
    pn.setMetadata(new ObjectMetaBuilder().withName(node).withNamespace(NAMESPACE).build());
    pn.setSpec(new PowerNodeSpec(node));
    Node owner = client.nodes().withName(node).get();
    if (owner != null) { // as the agent does: the PowerNode goes with its Node
      pn.getMetadata()
          .setOwnerReferences(
              List.of(
                  new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                      .withApiVersion("v1")
                      .withKind("Node")
                      .withName(node)
                      .withUid(owner.getMetadata().getUid())
                      .build()));
    }
    PowerNode created = StorageVersion.create(client, pn); // at v1, as the agent writes it
    created.setStatus(agentStatus(heartbeat, allocatableCpus));
    return StorageVersion.updateStatus(client, created);
  }

  /** What an agent on an 800–3800 MHz node reports. */
  public static PowerNodeStatus agentStatus(Instant heartbeat, String allocatableCpus) {
    NodeHardware hw = new NodeHardware();
    hw.setDriver("intel_pstate");
    hw.setCpus("0-7");
    hw.setCoreTypes(List.of(new CoreType("0-7", 800, 3800, 2000)));
    PowerNodeStatus status = new PowerNodeStatus();
    status.setHardware(hw);
    status.setReservedCPUs("0-1");
    status.setAllocatableCPUs(allocatableCpus);
    status.setHeartbeat(heartbeat.truncatedTo(ChronoUnit.SECONDS).toString());
    return status;
  }

  /** Writes a new heartbeat into a PowerNode's status, as its agent does every 30 s. */
  public static void beat(KubernetesClient client, String node, Instant heartbeat) {
    editAgentStatus(
        client, node, s -> s.setHeartbeat(heartbeat.truncatedTo(ChronoUnit.SECONDS).toString()));
  }

  /** Changes a PowerNode's status in place, as its agent does. */
  public static void editAgentStatus(
      KubernetesClient client, String node, Consumer<PowerNodeStatus> edit) {
    client
        .resources(PowerNode.class)
        .inNamespace(NAMESPACE)
        .withName(node)
        .editStatus(
            pn -> {
              edit.accept(pn.getStatus());
              return pn;
            });
  }

  public static PowerProfile profile(String name, Integer min, Integer max, String epp) {
    PowerProfile p = new PowerProfile();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    PowerProfileSpec spec = new PowerProfileSpec();
    spec.setName(name);
    spec.setMin(min == null ? null : new IntOrString(min));
    spec.setMax(max == null ? null : new IntOrString(max));
    spec.setEpp(epp);
    p.setSpec(spec);
    return p;
  }

  public static PowerProfile profileWithCapacity(
      String name, Integer min, Integer max, String epp, String capacity) {
    PowerProfile p = profile(name, min, max, epp);
    p.getSpec().setCpuCapacity(new IntOrString(capacity));
    return p;
  }

  /** A Guaranteed pod asking {@code power.intel.com/<profile>: 2}, labelled by the webhook. */
  public static Pod podRequesting(String namespace, String name, String profile) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of(PowerLabels.PROFILE, profile))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("busybox")
        .withNewResources()
        .addToRequests("cpu", new Quantity("2"))
        .addToRequests("memory", new Quantity("200Mi"))
        .addToRequests("power.intel.com/" + profile, new Quantity("2"))
        .addToLimits("cpu", new Quantity("2"))
        .addToLimits("memory", new Quantity("200Mi"))
        .addToLimits("power.intel.com/" + profile, new Quantity("2"))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  /** The node's power resources in capacity and allocatable, as strings. */
  public static Map<String, Map<String, String>> powerResources(
      KubernetesClient client, String node) {
    Node n = client.nodes().withName(node).get();
    return Map.of(
        "capacity", power(n.getStatus().getCapacity()),
        "allocatable", power(n.getStatus().getAllocatable()));
  }

  private static Map<String, String> power(Map<String, Quantity> q) {
    java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
    if (q != null) {
      q.forEach(
          (k, v) -> {
            if (k.startsWith("power.intel.com/")) {
              out.put(k, v.toString());
            }
          });
    }
    return out;
  }
}
