package io.powermanager.reconciler.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.powermanager.api.PowerApi;
import io.powermanager.api.PowerLabels;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.reconciler.AgentSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The node agent DaemonSet a PowerConfig asks for, and the comparison that decides whether the one
 * in the cluster still matches it. Only the fields built here are compared, so what the API server
 * defaults (pull policies, termination message paths, update strategy) never looks like drift.
 * Pure.
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
  public static final String NAME = "power-node-agent";

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
   * The names of the owned fields in which {@code actual} differs from {@code desired}; empty when
   * the DaemonSet is converged.
   */
  public static List<String> differences(DaemonSet desired, DaemonSet actual) {
    List<String> out = new ArrayList<>();
    if (!hasAll(actual.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
      out.add("metadata.labels");
    }
    OwnerReference owner = desired.getMetadata().getOwnerReferences().get(0);
    List<OwnerReference> refs = actual.getMetadata().getOwnerReferences();
    if (refs == null
        || refs.stream()
            .noneMatch(
                r ->
                    Objects.equals(r.getUid(), owner.getUid())
                        && Boolean.TRUE.equals(r.getController()))) {
      out.add("metadata.ownerReferences");
    }
    if (!selectorMatches(desired, actual)) {
      out.add("spec.selector");
    }
    if (actual.getSpec() == null || actual.getSpec().getTemplate() == null) {
      out.add("spec.template");
      return out;
    }
    ObjectMeta templateMeta = actual.getSpec().getTemplate().getMetadata();
    if (templateMeta == null
        || !hasAll(
            templateMeta.getLabels(), desired.getSpec().getTemplate().getMetadata().getLabels())) {
      out.add("spec.template.metadata.labels");
    }
    PodShape want = PodShape.of(desired.getSpec().getTemplate().getSpec());
    PodShape have = PodShape.of(actual.getSpec().getTemplate().getSpec());
    out.addAll(want.differences(have));
    return out;
  }

  /** Whether the pod selector differs: it cannot be updated, only recreated. */
  public static boolean selectorMatches(DaemonSet desired, DaemonSet actual) {
    LabelSelector have = actual.getSpec() == null ? null : actual.getSpec().getSelector();
    return have != null
        && (have.getMatchExpressions() == null || have.getMatchExpressions().isEmpty())
        && Objects.equals(have.getMatchLabels(), desired.getSpec().getSelector().getMatchLabels());
  }

  /**
   * {@code actual} with every owned field taken from {@code desired}: labels merged, the
   * PowerConfig ownerReference replaced, the pod template's labels merged and its spec replaced.
   * Everything else (annotations, update strategy, template annotations such as kubectl's
   * restartedAt) is kept.
   */
  public static DaemonSet updated(DaemonSet actual, DaemonSet desired) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (actual.getMetadata().getLabels() != null) {
      labels.putAll(actual.getMetadata().getLabels());
    }
    labels.putAll(desired.getMetadata().getLabels());
    List<OwnerReference> refs = new ArrayList<>();
    if (actual.getMetadata().getOwnerReferences() != null) {
      actual.getMetadata().getOwnerReferences().stream()
          .filter(r -> !"PowerConfig".equals(r.getKind()))
          .forEach(refs::add);
    }
    refs.addAll(desired.getMetadata().getOwnerReferences());
    Map<String, String> templateLabels = new LinkedHashMap<>();
    ObjectMeta actualTemplateMeta =
        actual.getSpec() == null || actual.getSpec().getTemplate() == null
            ? null
            : actual.getSpec().getTemplate().getMetadata();
    if (actualTemplateMeta != null && actualTemplateMeta.getLabels() != null) {
      templateLabels.putAll(actualTemplateMeta.getLabels());
    }
    templateLabels.putAll(desired.getSpec().getTemplate().getMetadata().getLabels());
    return new DaemonSetBuilder(actual)
        .editMetadata()
        .withLabels(labels)
        .withOwnerReferences(refs)
        .endMetadata()
        .editOrNewSpec()
        .withSelector(desired.getSpec().getSelector())
        .editOrNewTemplate()
        .editOrNewMetadata()
        .withLabels(templateLabels)
        .endMetadata()
        .withSpec(desired.getSpec().getTemplate().getSpec())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static boolean hasAll(Map<String, String> actual, Map<String, String> wanted) {
    return actual != null && actual.entrySet().containsAll(wanted.entrySet());
  }

  /** The pod template fields this class sets, in a form that compares by value. */
  record PodShape(
      String serviceAccountName,
      Map<String, String> nodeSelector,
      List<List<String>> tolerations,
      Long terminationGracePeriodSeconds,
      List<String> containerNames,
      String image,
      String imagePullPolicy,
      List<String> command,
      List<String> args,
      List<List<String>> env,
      Boolean privileged,
      Boolean readOnlyRootFilesystem,
      Map<String, BigDecimal> requests,
      Map<String, BigDecimal> limits,
      List<List<String>> mounts,
      List<List<String>> volumes) {

    static PodShape of(PodSpec pod) {
      if (pod == null) {
        pod = new PodSpec();
      }
      Container c =
          pod.getContainers() == null
              ? null
              : pod.getContainers().stream()
                  .filter(x -> NAME.equals(x.getName()))
                  .findFirst()
                  .orElse(null);
      return new PodShape(
          pod.getServiceAccountName(),
          pod.getNodeSelector() == null ? Map.of() : new TreeMap<>(pod.getNodeSelector()),
          pod.getTolerations() == null
              ? List.of()
              : pod.getTolerations().stream()
                  .map(t -> list(t.getKey(), t.getOperator(), t.getValue(), t.getEffect()))
                  .toList(),
          pod.getTerminationGracePeriodSeconds(),
          pod.getContainers() == null
              ? List.of()
              : pod.getContainers().stream().map(Container::getName).toList(),
          c == null ? null : c.getImage(),
          c == null ? null : c.getImagePullPolicy(),
          c == null || c.getCommand() == null ? List.of() : c.getCommand(),
          c == null || c.getArgs() == null ? List.of() : c.getArgs(),
          c == null || c.getEnv() == null
              ? List.of()
              : c.getEnv().stream().map(AgentDaemonSet::envShape).toList(),
          c == null || c.getSecurityContext() == null
              ? null
              : c.getSecurityContext().getPrivileged(),
          c == null || c.getSecurityContext() == null
              ? null
              : c.getSecurityContext().getReadOnlyRootFilesystem(),
          c == null || c.getResources() == null
              ? Map.of()
              : amounts(c.getResources().getRequests()),
          c == null || c.getResources() == null ? Map.of() : amounts(c.getResources().getLimits()),
          c == null || c.getVolumeMounts() == null
              ? List.of()
              : c.getVolumeMounts().stream()
                  .map(
                      m ->
                          list(
                              m.getName(),
                              m.getMountPath(),
                              String.valueOf(Boolean.TRUE.equals(m.getReadOnly()))))
                  .toList(),
          pod.getVolumes() == null
              ? List.of()
              : pod.getVolumes().stream().map(AgentDaemonSet::volumeShape).toList());
    }

    List<String> differences(PodShape actual) {
      List<String> out = new ArrayList<>();
      String prefix = "spec.template.spec.";
      check(out, prefix + "serviceAccountName", serviceAccountName, actual.serviceAccountName);
      check(out, prefix + "nodeSelector", nodeSelector, actual.nodeSelector);
      check(out, prefix + "tolerations", tolerations, actual.tolerations);
      check(
          out,
          prefix + "terminationGracePeriodSeconds",
          terminationGracePeriodSeconds,
          actual.terminationGracePeriodSeconds);
      check(out, prefix + "containers[*].name", containerNames, actual.containerNames);
      String c = prefix + "containers[" + NAME + "].";
      check(out, c + "image", image, actual.image);
      check(out, c + "imagePullPolicy", imagePullPolicy, actual.imagePullPolicy);
      check(out, c + "command", command, actual.command);
      check(out, c + "args", args, actual.args);
      check(out, c + "env", env, actual.env);
      check(out, c + "securityContext.privileged", privileged, actual.privileged);
      check(
          out,
          c + "securityContext.readOnlyRootFilesystem",
          readOnlyRootFilesystem,
          actual.readOnlyRootFilesystem);
      check(out, c + "resources.requests", requests, actual.requests);
      check(out, c + "resources.limits", limits, actual.limits);
      check(out, c + "volumeMounts", mounts, actual.mounts);
      check(out, prefix + "volumes", volumes, actual.volumes);
      return out;
    }

    private static void check(List<String> out, String field, Object want, Object have) {
      if (!Objects.equals(want, have)) {
        out.add(field);
      }
    }
  }

  private static List<String> envShape(EnvVar e) {
    String fieldPath =
        e.getValueFrom() == null || e.getValueFrom().getFieldRef() == null
            ? null
            : e.getValueFrom().getFieldRef().getFieldPath();
    return list(e.getName(), e.getValue(), fieldPath);
  }

  private static List<String> volumeShape(Volume v) {
    if (v.getHostPath() != null) {
      return list(v.getName(), "hostPath", v.getHostPath().getPath(), v.getHostPath().getType());
    }
    if (v.getEmptyDir() != null) {
      return list(v.getName(), "emptyDir", v.getEmptyDir().getMedium());
    }
    return list(v.getName(), "other");
  }

  private static Map<String, BigDecimal> amounts(Map<String, Quantity> quantities) {
    Map<String, BigDecimal> out = new TreeMap<>();
    if (quantities != null) {
      quantities.forEach((k, q) -> out.put(k, q.getNumericalAmount().stripTrailingZeros()));
    }
    return out;
  }

  private static List<String> list(String... values) {
    List<String> out = new ArrayList<>(values.length);
    for (String v : values) {
      out.add(v == null ? "" : v);
    }
    return out;
  }
}
