package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
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
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpecBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.AgentJvmFlags;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.reconciler.AgentSettings;
import io.powermanager.reconciler.kube.ReconcilerInformers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The node agent DaemonSet a PowerConfig asks for, and whether the one in the cluster still matches
 * it: the desired selector and pod template are hashed into {@link #TEMPLATE_HASH}, so what the API
 * server defaults (pull policies, termination message paths, update strategy) never looks like
 * drift. Pure.
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
  public static final String NAME = ReconcilerInformers.AGENT_DAEMONSET;

  /**
   * The annotation holding a hash of the pod selector and template this class built: a changed hash
   * is what makes the reconciler update the DaemonSet.
   */
  public static final String TEMPLATE_HASH = "power.intel.com/template-hash";

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
    DaemonSetSpec spec =
        new DaemonSetSpecBuilder()
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
            .build();
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(labels())
        .withAnnotations(Map.of(TEMPLATE_HASH, hash(spec)))
        .withOwnerReferences(ownerReference(config))
        .endMetadata()
        .withSpec(spec)
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
   * Whether {@code actual} is what {@link #desired} built: the desired labels, the controller
   * ownerReference to this PowerConfig, and the same {@link #TEMPLATE_HASH} (the pod selector and
   * template it was built from). What the API server defaults never looks like drift, since only
   * the hash of what this class builds is compared.
   */
  public static boolean converged(DaemonSet desired, DaemonSet actual) {
    Map<String, String> labels = actual.getMetadata().getLabels();
    Map<String, String> annotations = actual.getMetadata().getAnnotations();
    String owner = desired.getMetadata().getOwnerReferences().get(0).getUid();
    List<OwnerReference> refs = actual.getMetadata().getOwnerReferences();
    return labels != null
        && labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet())
        && annotations != null
        && Objects.equals(annotations.get(TEMPLATE_HASH), templateHash(desired))
        && refs != null
        && refs.stream()
            .anyMatch(r -> owner.equals(r.getUid()) && Boolean.TRUE.equals(r.getController()));
  }

  /** Whether the pod selector is the desired one: it cannot be updated, only recreated. */
  public static boolean selectorMatches(DaemonSet desired, DaemonSet actual) {
    return actual.getSpec() != null
        && Objects.equals(actual.getSpec().getSelector(), desired.getSpec().getSelector());
  }

  /** The {@link #TEMPLATE_HASH} of a desired DaemonSet. */
  static String templateHash(DaemonSet desired) {
    return desired.getMetadata().getAnnotations().get(TEMPLATE_HASH);
  }

  /**
   * {@code actual} with every owned field taken from {@code desired}: labels and annotations merged
   * (the hash replaced), the PowerConfig ownerReference replaced, the selector and pod template
   * replaced, keeping the template's annotations (such as kubectl's restartedAt). Everything else
   * (update strategy, revision history) is kept.
   */
  public static DaemonSet updated(DaemonSet actual, DaemonSet desired) {
    List<OwnerReference> refs = new ArrayList<>();
    if (actual.getMetadata().getOwnerReferences() != null) {
      actual.getMetadata().getOwnerReferences().stream()
          .filter(r -> !"PowerConfig".equals(r.getKind()))
          .forEach(refs::add);
    }
    refs.addAll(desired.getMetadata().getOwnerReferences());
    var template = new PodTemplateSpecBuilder(desired.getSpec().getTemplate()).build();
    ObjectMeta before =
        actual.getSpec() == null || actual.getSpec().getTemplate() == null
            ? null
            : actual.getSpec().getTemplate().getMetadata();
    if (before != null && before.getAnnotations() != null) {
      template.getMetadata().setAnnotations(new TreeMap<>(before.getAnnotations()));
    }
    return new DaemonSetBuilder(actual)
        .editMetadata()
        .withLabels(merged(actual.getMetadata().getLabels(), desired.getMetadata().getLabels()))
        .withAnnotations(
            merged(actual.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations()))
        .withOwnerReferences(refs)
        .endMetadata()
        .editOrNewSpec()
        .withSelector(desired.getSpec().getSelector())
        .withTemplate(template)
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

  /** SHA-256 over the JSON of what this class builds of the spec (selector and template). */
  private static String hash(DaemonSetSpec spec) {
    try {
      byte[] json = Serialization.asJson(spec).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
