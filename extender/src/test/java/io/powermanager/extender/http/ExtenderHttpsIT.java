package io.powermanager.extender.http;

import static io.powermanager.extender.Fixtures.liveAgent;
import static io.powermanager.extender.Fixtures.nodeWithProfiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.extender.Fixtures;
import io.powermanager.extender.capacity.CapacityView;
import io.powermanager.extender.config.ExtenderConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kube-scheduler with {@code enableHTTPS: true} and a CA it trusts. */
class ExtenderHttpsIT {

  @Test
  void servesFilterOverHttpsToAClientTrustingTheServingCertificate() throws Exception {
    // Given
    TestTls tls = new TestTls();
    CapacityView view = new CapacityView(Fixtures.clockAtNow());
    view.nodeChanged(nodeWithProfiles("node-a", "performance", 8));
    view.powerNodeChanged(liveAgent("node-a"));
    PrometheusRegistry registry = new PrometheusRegistry();
    ExtenderConfig config =
        ExtenderConfig.defaults(Fixtures.POWER_NAMESPACE).withHost("127.0.0.1").withPort(0);
    HttpClient client = HttpClient.newBuilder().sslContext(tls.clientTrustingIt()).build();

    try (ExtenderServer server =
        ExtenderServer.serve(
            config,
            ExtenderRoutes.create(view, config, registry),
            registry,
            Optional.of(tls.serverFactory()))) {

      // When
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(server.uri().resolve("/filter"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          ExtenderServerIT.golden("filter-names-request.json")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      // Then
      assertThat(server.uri().getScheme()).isEqualTo("https");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).startsWith("{\"Nodes\":null,\"NodeNames\":[\"node-a\"],");
    }
  }
}
