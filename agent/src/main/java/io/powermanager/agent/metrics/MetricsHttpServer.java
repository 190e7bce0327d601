package io.powermanager.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The agent's plain-HTTP {@code GET /metrics} (Prometheus text format) and {@code /healthz}, on the
 * JDK's built-in HTTP server with one thread: the agent's footprint stays small and a scrape costs
 * a registry walk. The registry is looked up per request, so one endpoint can outlive the agents it
 * serves (the simulator's nodes). Thread-safe.
 */
public final class MetricsHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private MetricsHttpServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving {@code registry} on {@code host:port} (port 0: any free port).
   *
   * @param registry the registry to scrape, looked up per request; null answers 503
   */
  public static MetricsHttpServer start(
      String host, int port, Supplier<PrometheusRegistry> registry) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    MetricsHttpServer metrics = new MetricsHttpServer(server);
    server.createContext("/metrics", exchange -> metrics.scrape(exchange, registry.get()));
    server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "agent-metrics");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return metrics;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://host:port/metrics}. */
  public String url() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + port()
        + "/metrics";
  }

  private void scrape(HttpExchange exchange, PrometheusRegistry registry) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "text/plain", "GET only\n");
      return;
    }
    if (registry == null) {
      respond(exchange, 503, "text/plain", "no agent running on this node yet\n");
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    writer.write(out, registry.scrape());
    byte[] body = out.toByteArray();
    exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(body);
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (server.getExecutor() instanceof java.util.concurrent.ExecutorService e) {
      e.shutdownNow();
    }
  }
}
