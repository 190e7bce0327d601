package io.powermanager.agent.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.jackson.Jackson2JdkTypesModule;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.TimeOfDay;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fabric8 client the agent runs with: fabric8's JDK HTTP client ({@code java.net.http}: no
 * Vert.x event loops and no Netty, some 1,300 classes fewer than the default Vert.x client) and a
 * serialization that knows only the kinds the agent reads and writes ({@link #KINDS}) instead of
 * scanning the class path for every kind of every fabric8 model jar on the first watch event (some
 * 350 kinds with their builders the agent never sees). Anything else still deserializes, as a
 * {@code GenericKubernetesResource}. {@code NodeAgentIT} runs the agent on it, watches included.
 */
public final class AgentKubernetesClient {

  /** The kinds the agent watches, lists or writes, and the API's error status. */
  public static final List<Class<? extends io.fabric8.kubernetes.api.model.KubernetesResource>>
      KINDS =
          List.of(
              Pod.class,
              Node.class,
              Event.class,
              Status.class,
              PowerProfile.class,
              PowerWorkload.class,
              PowerNode.class,
              PowerSchedule.class,
              TimeOfDay.class);

  /**
   * The fields of the Pods and Nodes the agent reads that it never looks at, left out when they are
   * read: Jackson then never builds their deserializers, so neither their classes nor, through
   * fabric8's {@code Editable<XBuilder>}, their builders are loaded (the volume sources, probes,
   * affinity terms, node images...), and the informers' caches do not hold them. The agent reads a
   * Pod's metadata, its containers' and init containers' names and resources, its phase and its
   * containers' ids, and a Node's metadata; it never writes a Pod or a Node.
   */
  static final Map<Class<?>, List<String>> UNREAD =
      Map.of(
          ObjectMeta.class,
          List.of("managedFields"),
          PodSpec.class,
          List.of(
              "affinity",
              "dnsConfig",
              "ephemeralContainers",
              "hostAliases",
              "imagePullSecrets",
              "os",
              "readinessGates",
              "resourceClaims",
              "schedulingGates",
              "securityContext",
              "tolerations",
              "topologySpreadConstraints",
              "volumes"),
          Container.class,
          List.of(
              "env",
              "envFrom",
              "lifecycle",
              "livenessProbe",
              "ports",
              "readinessProbe",
              "resizePolicy",
              "restartPolicyRules",
              "securityContext",
              "startupProbe",
              "volumeDevices",
              "volumeMounts"),
          PodStatus.class,
          List.of(
              "conditions",
              "ephemeralContainerStatuses",
              "extendedResourceClaimStatus",
              "hostIPs",
              "initContainerStatuses",
              "nodeAllocatableResourceClaimStatuses",
              "podIPs",
              "resourceClaimStatuses",
              "resources",
              "volumeHealth"),
          ContainerStatus.class,
          List.of(
              "allocatedResourcesStatus",
              "lastState",
              "resources",
              "state",
              "user",
              "volumeMounts"),
          NodeSpec.class,
          List.of("configSource", "taints"),
          NodeStatus.class,
          List.of(
              "addresses",
              "conditions",
              "config",
              "daemonEndpoints",
              "features",
              "images",
              "nodeInfo",
              "runtimeHandlers",
              "volumesAttached"));

  private AgentKubernetesClient() {}

  /** A client for {@code config}: the JDK HTTP client and {@link #serialization()}. */
  public static KubernetesClient build(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withKubernetesSerialization(serialization())
        .build();
  }

  /**
   * fabric8's default serialization (Jackson 2 defaults and JDK types, as {@code new
   * KubernetesSerialization()} makes it) that does not search the class loaders for kinds; {@link
   * #KINDS} are registered.
   */
  public static KubernetesSerialization serialization() {
    JsonMapper.Builder mapper =
        JsonMapper.builderWithJackson2Defaults().addModule(new Jackson2JdkTypesModule());
    UNREAD.forEach(
        (type, fields) ->
            mapper.withConfigOverride(
                type,
                o ->
                    o.setIgnorals(
                        JsonIgnoreProperties.Value.forIgnoredProperties(
                            fields.toArray(String[]::new)))));
    KubernetesSerialization serialization = new KubernetesSerialization(mapper.build(), false);
    for (Class<? extends io.fabric8.kubernetes.api.model.KubernetesResource> kind : KINDS) {
      serialization.registerKubernetesResource(kind);
    }
    return serialization;
  }
}
