package io.powermanager.apiserver;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Objects the ITs put into the stand-in API server the same way. */
final class ClusterFixtures {
  private ClusterFixtures() {}

  /** Creates the PowerProfile CRD of {@link Fabric8ClientIT#profileCrd()} unless it is there. */
  static void ensureProfileCrd(KubernetesClient client) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    if (crds.withName("powerprofiles.power.intel.com").get() == null) {
      crds.resource(Fabric8ClientIT.profileCrd()).create();
    }
  }

  /** Binds pod {@code pod} of namespace default to {@code node}, as the scheduler does. */
  static void bind(KubernetesClient client, String pod, String node) {
    client
        .bindings()
        .inNamespace("default")
        .resource(
            new BindingBuilder()
                .withNewMetadata()
                .withName(pod)
                .endMetadata()
                .withNewTarget()
                .withKind("Node")
                .withName(node)
                .endTarget()
                .build())
        .create();
  }

  /** Closes each one that was started, in order. */
  static void closeAll(AutoCloseable... started) throws Exception {
    for (AutoCloseable c : started) {
      if (c != null) {
        c.close();
      }
    }
  }
}
