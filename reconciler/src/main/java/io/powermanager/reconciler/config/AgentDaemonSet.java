package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.kube.ClusterInformers;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.reconciler.AgentSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node agent DaemonSet a PowerConfig asks for, and whether the one in the cluster still matches
 * it: a JSON diff of the fields built here ({@link #differences}), so a hand edit is reverted while
 * what the API server defaults never looks like drift. Pure.
 *
 * <p>The agent runs privileged (it writes cpufreq sysfs), with {@code NODE_NAME} from the downward
 * API, {@code /sys}, the kubelet's pod-resources directory and its state directory mounted from the
 * host, a read-only root filesystem with an in-memory {@code /tmp}, and a toleration of every
 * {@code NoSchedule} taint: nodes set aside for power workloads are often tainted, and the agent
 * must run on exactly those. The container's arguments assume the image's entrypoint is the {@code
 * power-manager} launcher; its JVM flags ({@link #JVM_FLAGS}) that the launcher is {@code java}.
 */
public final class AgentDaemonSet {

  /** The DaemonSet's name, also the container's. */
  public static final String NAME = ClusterInformers.AGENT_DAEMONSET;

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * The agent JVM's flags, passed in {@code JDK_JAVA_OPTIONS} (the image's {@code java} launcher
   * reads it; it replaces the image's defaults): {@link AgentJvmFlags#DAEMONSET}, where each flag
   * is explained and which {@code power-manager bench agent} measures.
   */
  public static final List<String> JVM_FLAGS = AgentJvmFlags.DAEMONSET;

  /** The environment variable the JVM flags go in. */
  static final String JVM_OPTIONS_ENV = "JDK_JAVA_OPTIONS";

  static final String SYS = "/sys";
  static final String POD_RESOURCES = "/var/lib/kubelet/pod-resources";
  static final String STATE = "/var/lib/power-manager";
  static final String TMP = "/tmp";

  /**
   * The agent's plain-HTTP {@code /metrics} port (the agent command's {@code --metrics-port}
   * default), named {@code metrics} for the chart's PodMonitor. {@code /sys} (mounted whole)
   * includes {@code /sys/class/powercap}, which the agent reads for RAPL energy.
   */
  public static final int METRICS_PORT = 9102;

  private AgentDaemonSet() {}

  /** The labels of the DaemonSet and of its pods. */
  public static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PowerLabels.APP_NAME, PowerLabels.AGENT_APP_NAME);
    labels.put(PowerLabels.APP_COMPONENT, PowerLabels.AGENT_COMPONENT);
    labels.put(PowerLabels.APP_PART_OF, PowerLabels.PART_OF);
    labels.put(PowerLabels.APP_MANAGED_BY, PowerLabels.PART_OF);
    return labels;
  }

  /** The pod selector: immutable once the DaemonSet exists. */
  static Map<String, String> selector() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(PowerLabels.APP_NAME, PowerLabels.AGENT_APP_NAME);
    s.put(PowerLabels.APP_PART_OF, PowerLabels.PART_OF);
    return s;
  }

  /** A controller ownerReference to {@code config}: the DaemonSet goes when the config goes. */
  public static OwnerReference ownerReference(PowerConfig config) {
    return new OwnerReferenceBuilder()
        .withApiVersion(PowerApi.API_VERSION)
        .withKind("PowerConfig")
        .withName(config.getMetadata().getName())
        .withUid(config.getMetadata().getUid())
        .withController(true)
        .build();
  }

  public static DaemonSet desired(
      PowerConfig config, String namespace, String image, AgentSettings agent) {
    Map<String, String> nodeSelector = new TreeMap<>();
    if (config.getSpec() != null && config.getSpec().getPowerNodeSelector() != null) {
      nodeSelector.putAll(config.getSpec().getPowerNodeSelector());
    }
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(labels())
        .withOwnerReferences(ownerReference(config))
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(selector())
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels())
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(agent.serviceAccountName())
        .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
        .withTolerations(tolerations())
        .withTerminationGracePeriodSeconds(agent.terminationGracePeriodSeconds())
        .withContainers(container(image, agent))
        .withVolumes(volumes())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static List<Toleration> tolerations() {
    return List.of(new TolerationBuilder().withOperator("Exists").withEffect("NoSchedule").build());
  }

  private static Container container(String image, AgentSettings agent) {
    return new ContainerBuilder()
        .withName(NAME)
        .withImage(image)
        .withImagePullPolicy(agent.imagePullPolicy())
        .withArgs("agent", "--power-namespace", "$(POWER_NAMESPACE)")
        .withEnv(
            fieldEnv("NODE_NAME", "spec.nodeName"),
            fieldEnv("POWER_NAMESPACE", "metadata.namespace"),
            new EnvVarBuilder()
                .withName(JVM_OPTIONS_ENV)
                .withValue(String.join(" ", JVM_FLAGS))
                .build())
        .addNewPort()
        .withName("metrics")
        .withContainerPort(METRICS_PORT)
        .withProtocol("TCP")
        .endPort()
        .withNewSecurityContext()
        .withPrivileged(true)
        .withReadOnlyRootFilesystem(true)
        .endSecurityContext()
        .withNewResources()
        .addToRequests("cpu", new Quantity(agent.cpuRequest()))
        .addToRequests("memory", new Quantity(agent.memoryRequest()))
        .addToLimits("memory", new Quantity(agent.memoryLimit()))
        .endResources()
        .withVolumeMounts(
            mount("sys", SYS),
            mount("pod-resources", POD_RESOURCES),
            mount("state", STATE),
            mount("tmp", TMP))
        .build();
  }

  private static EnvVar fieldEnv(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(fieldPath)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  private static List<Volume> volumes() {
    return List.of(
        hostPath("sys", SYS, "Directory"),
        hostPath("pod-resources", POD_RESOURCES, "Directory"),
        hostPath("state", STATE, "DirectoryOrCreate"),
        new VolumeBuilder()
            .withName("tmp")
            .withNewEmptyDir()
            .withMedium("Memory")
            .endEmptyDir()
            .build());
  }

  private static Volume hostPath(String name, String path, String type) {
    return new VolumeBuilder()
        .withName(name)
        .withNewHostPath()
        .withPath(path)
        .withType(type)
        .endHostPath()
        .build();
  }

  /**
   * The owned fields in which {@code actual} differs from {@code desired}, as JSON Pointers into
   * {@link #owned}: the operations of a zjsonpatch diff from desired to actual that replace or
   * remove what this class built. Additions are not drift, so what the API server defaults (pull
   * policies, termination message paths, update strategy) or others add (labels, annotations) never
   * looks like drift; quantities compare by value. Empty when the DaemonSet is converged.
   */
  public static List<String> differences(DaemonSet desired, DaemonSet actual) {
    JsonNode patch =
        JsonDiff.asJson(
            owned(desired),
            owned(actual),
            EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION));
    List<String> out = new ArrayList<>();
    for (JsonNode op : patch) {
      if (!"add".equals(op.path("op").asString(""))) {
        out.add(op.path("path").asString(""));
      }
    }
    return out;
  }

  /** What this class owns of a DaemonSet, as JSON, with every quantity as a plain number. */
  static JsonNode owned(DaemonSet ds) {
    DaemonSetSpec spec = ds.getSpec() == null ? new DaemonSetSpec() : ds.getSpec();
    PodTemplateSpec template =
        spec.getTemplate() == null ? new PodTemplateSpec() : spec.getTemplate();
    Map<String, Object> owned = new LinkedHashMap<>();
    owned.put("labels", ds.getMetadata().getLabels());
    owned.put("ownerReferences", ds.getMetadata().getOwnerReferences());
    owned.put("selector", spec.getSelector());
    owned.put(
        "templateLabels",
        template.getMetadata() == null ? null : template.getMetadata().getLabels());
    owned.put("pod", template.getSpec());
    JsonNode tree = JSON.convertValue(owned, JsonNode.class);
    for (JsonNode container : tree.path("pod").path("containers")) {
      for (String kind : List.of("requests", "limits")) {
        if (container.path("resources").path(kind) instanceof ObjectNode amounts) {
          for (String name : List.copyOf(amounts.propertyNames())) {
            amounts.put(
                name,
                new Quantity(amounts.get(name).asString(""))
                    .getNumericalAmount()
                    .stripTrailingZeros()
                    .toPlainString());
          }
        }
      }
    }
    return tree;
  }

  /** Whether the pod selector is the desired one: it cannot be updated, only recreated. */
  public static boolean selectorMatches(DaemonSet desired, DaemonSet actual) {
    return actual.getSpec() != null
        && Objects.equals(actual.getSpec().getSelector(), desired.getSpec().getSelector());
  }

  /**
   * {@code actual} with every owned field taken from {@code desired}: labels merged, the
   * PowerConfig ownerReference replaced, the selector replaced, the pod template's labels merged
   * and its spec replaced. Everything else (annotations, update strategy, template annotations such
   * as kubectl's restartedAt) is kept.
   */
  public static DaemonSet updated(DaemonSet actual, DaemonSet desired) {
    List<OwnerReference> refs = new ArrayList<>();
    if (actual.getMetadata().getOwnerReferences() != null) {
      actual.getMetadata().getOwnerReferences().stream()
          .filter(r -> !"PowerConfig".equals(r.getKind()))
          .forEach(refs::add);
    }
    refs.addAll(desired.getMetadata().getOwnerReferences());
    ObjectMeta before =
        actual.getSpec() == null || actual.getSpec().getTemplate() == null
            ? null
            : actual.getSpec().getTemplate().getMetadata();
    return new DaemonSetBuilder(actual)
        .editMetadata()
        .withLabels(merged(actual.getMetadata().getLabels(), desired.getMetadata().getLabels()))
        .withOwnerReferences(refs)
        .endMetadata()
        .editOrNewSpec()
        .withSelector(desired.getSpec().getSelector())
        .editOrNewTemplate()
        .editOrNewMetadata()
        .withLabels(
            merged(
                before == null ? null : before.getLabels(),
                desired.getSpec().getTemplate().getMetadata().getLabels()))
        .endMetadata()
        .withSpec(desired.getSpec().getTemplate().getSpec())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Map<String, String> merged(Map<String, String> have, Map<String, String> want) {
    Map<String, String> out = new LinkedHashMap<>();
    if (have != null) {
      out.putAll(have);
    }
    out.putAll(want);
    return out;
  }
}
