package io.powermanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server factory over plain HTTP on loopback: lanes, caps, the read deadline. */
@Timeout(60)
class HttpsServerIT {

  private final HttpClient http = HttpClient.newHttpClient();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Socket> sockets = new ArrayList<>();
  private HttpsServer server;

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(ServerSettings settings) {
    OperationalRoutes operational = new OperationalRoutes(() -> true, new PrometheusRegistry());
    server =
        HttpsServer.start(
            settings,
            Optional.empty(),
            cfg -> {
              cfg.routes.post("/slow", ctx -> ctx.result(release.await(30, TimeUnit.SECONDS) + ""));
              cfg.routes.post("/echo", ctx -> ctx.result(ctx.bodyAsBytes()));
              operational.register(cfg);
            });
  }

  private ServerSettings settings() {
    return ServerSettings.of(
        "test",
        "127.0.0.1",
        0,
        List.of(Lane.of("slow", Set.of("/slow"), 1024), Lane.of("echo", Set.of("/echo"), 1024)));
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aLaneAtItsLimitLeavesTheOtherLaneAnswering() throws Exception {
    // Given: more requests stuck in the slow lane than it may run at once
    start(settings());
    List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
    for (int i = 0; i < 3 * server.settings().laneConcurrency(); i++) {
      stuck.add(
          http.sendAsync(
              HttpRequest.newBuilder(server.uri().resolve("/slow"))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    // When
    HttpResponse<String> echo = post("/echo", "still here");

    // Then
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(echo.body()).isEqualTo("still here");
    release.countDown();
    for (var f : stuck) {
      assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
    }
  }

  @Test
  void refusesADeclaredOversizedBodyBeforeReadingIt() throws Exception {
    // Given
    start(settings());
    Socket socket = new Socket("127.0.0.1", server.port());
    sockets.add(socket);

    // When: only the head, which declares 1 GB
    socket
        .getOutputStream()
        .write(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));

    // Then
    assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413 Payload Too Large");
  }

  @Test
  void answers408ToABodyThatTricklesPastTheReadDeadline() throws Exception {
    // Given
    start(settings().withBodyReadTimeout(Duration.ofMillis(500)));
    Socket socket = new Socket("127.0.0.1", server.port());
    sockets.add(socket);

    // When: 10 bytes declared, one sent
    socket
        .getOutputStream()
        .write(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"
                .getBytes(StandardCharsets.US_ASCII));

    // Then
    assertThat(statusLine(socket)).startsWith("HTTP/1.1 408");
    assertThat(post("/echo", "fine").body()).isEqualTo("fine");
  }

  private static String statusLine(Socket socket) throws IOException {
    socket.setSoTimeout(20_000);
    return new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
        .readLine();
  }
}
