package io.powermanager.agent.kube;

import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;

/**
 * Keeps fabric8's Vert.x HTTP client the default of every client built without an explicit factory
 * (the manager's, the simulator's, the embedded API server's). The agent brings fabric8's JDK HTTP
 * client for {@link AgentKubernetesClient}, and that jar registers its factory at priority 0, above
 * Vert.x's -1: without this class, merely being on the class path would move every other component
 * of the image onto the JDK client. Registered as a service at priority 1.
 */
public final class DefaultVertxHttpClientFactory extends Vertx5HttpClientFactory {

  @Override
  public int priority() {
    return 1;
  }
}
