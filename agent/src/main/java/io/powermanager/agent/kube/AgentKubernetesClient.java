package io.powermanager.agent.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The fabric8 client the agent runs with: fabric8's JDK HTTP client ({@code java.net.http}: no
 * Vert.x event loops, no second Netty, some 1,300 classes fewer than the default Vert.x client) and
 * a serialization that knows only the kinds the agent reads and writes ({@link #KINDS}) instead of
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
    KubernetesSerialization serialization =
        new KubernetesSerialization(
            JsonMapper.builderWithJackson2Defaults()
                .addModule(new Jackson2JdkTypesModule())
                .build(),
            false);
    for (Class<? extends io.fabric8.kubernetes.api.model.KubernetesResource> kind : KINDS) {
      serialization.registerKubernetesResource(kind);
    }
    return serialization;
  }
}
