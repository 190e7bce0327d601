package io.powermanager.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One stand-in API server per test class: started before its tests, closed after them. */
final class ApiServerExtension implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedApiServer api;

  @Override
  public void beforeAll(ExtensionContext context) {
    api = EmbeddedApiServer.start(ApiServerOptions.defaults());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (api != null) {
      api.close();
    }
  }

  EmbeddedApiServer api() {
    return api;
  }

  KubernetesClient client() {
    return api.client();
  }
}
