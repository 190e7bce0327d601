package io.powermanager.cli.run;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.powermanager.apiserver.EmbeddedApiServer;
import io.powermanager.certs.CertsTool;
import io.powermanager.certs.IssuedCertificate;
import io.powermanager.certs.SslContexts;
import io.powermanager.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * {@code power-manager manager} in a child JVM with the chart's heap: {@code -XX:MaxRAM=512m} (the
 * chart's memory limit) plus {@code manager.jvmOptions} read from {@code
 * charts/power-manager/values.yaml}, certificates from files, a kubeconfig for the stand-in API
 * server. {@link #close()} kills it.
 */
final class ChartSizedManager implements AutoCloseable {

  static final String NAMESPACE = "power-manager";
  private static final Duration START = Duration.ofSeconds(180);

  private final Process process;
  private final Path log;
  private final int httpsPort;
  private final int probePort;
  private final String caPem;
  private final SSLContext tls;
  private final HttpClient plain;

  private ChartSizedManager(Process process, Path log, int httpsPort, int probePort, String caPem) {
    this.process = process;
    this.log = log;
    this.httpsPort = httpsPort;
    this.probePort = probePort;
    this.caPem = caPem;
    this.tls = SslContexts.trusting(caPem);
    this.plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Starts the child and returns once its {@code /readyz} answers 200. */
  static ChartSizedManager start(EmbeddedApiServer api, Path dir) throws Exception {
    IssuedCertificate certificate =
        CertsTool.writeFiles(
            "power-manager",
            NAMESPACE,
            dir.resolve("certs"),
            List.of("localhost"),
            List.of("127.0.0.1"),
            Duration.ofDays(30),
            Clock.systemUTC(),
            new SecureRandom());
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    int httpsPort = freePort();
    int probePort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(chartJvmOptions());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "manager",
            "--kubeconfig",
            kubeconfig.toString(),
            "--power-namespace",
            NAMESPACE,
            "--host",
            "127.0.0.1",
            "--https-port",
            Integer.toString(httpsPort),
            "--probe-port",
            Integer.toString(probePort),
            "--cert-mode",
            "files",
            "--cert-dir",
            dir.resolve("certs").toString(),
            "--pod-name",
            "power-manager-probe-0"));
    Path log = dir.resolve("manager.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChartSizedManager manager =
        new ChartSizedManager(process, log, httpsPort, probePort, certificate.caCertificatePem());
    try {
      await()
          .atMost(START)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> !process.isAlive() || manager.readyz() == 200);
      if (!process.isAlive()) {
        throw new IllegalStateException("the manager exited at start:\n" + manager.log());
      }
      return manager;
    } catch (RuntimeException | Error e) {
      manager.close();
      throw e;
    }
  }

  /**
   * {@code -XX:MaxRAM=512m} (the chart's memory limit) and the chart's {@code manager.jvmOptions};
   * {@code -XX:+UseCompactObjectHeaders} only on a JVM that has it (25 and later).
   */
  static List<String> chartJvmOptions() throws IOException {
    Path values = Path.of("..", "charts", "power-manager", "values.yaml");
    @SuppressWarnings("unchecked")
    Map<String, Object> root =
        new KubernetesSerialization().unmarshal(Files.readString(values), Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> manager = (Map<String, Object>) root.get("manager");
    List<String> options = new ArrayList<>();
    options.add("-XX:MaxRAM=512m");
    Arrays.stream(((String) manager.get("jvmOptions")).trim().split("\\s+"))
        .filter(o -> Runtime.version().feature() >= 25 || !o.contains("UseCompactObjectHeaders"))
        .forEach(options::add);
    return List.copyOf(options);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String httpsUrl() {
    return "https://127.0.0.1:" + httpsPort;
  }

  String caPem() {
    return caPem;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The child's stdout and stderr so far. */
  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  int readyz() throws IOException, InterruptedException {
    return probe("/readyz");
  }

  int healthz() throws IOException, InterruptedException {
    return probe("/healthz");
  }

  private int probe(String path) throws IOException, InterruptedException {
    return plain
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probePort + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** POSTs {@code body} as JSON over a new HTTPS connection, bounded by {@code timeout}. */
  HttpResponse<String> post(String path, byte[] body, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    return client.send(
        HttpRequest.newBuilder(URI.create(httpsUrl() + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** A raw TLS socket to the HTTPS port, handshaken within {@code timeout}. */
  SSLSocket rawSocket(Duration timeout) throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
    socket.connect(
        new java.net.InetSocketAddress("127.0.0.1", httpsPort), (int) timeout.toMillis());
    socket.setSoTimeout((int) timeout.toMillis());
    socket.startHandshake();
    return socket;
  }

  /** The status line of the response on {@code socket}, read within its timeout. */
  static String statusLine(SSLSocket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n' && line.length() < 200; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  /** Kills the child (SIGKILL) and waits until it is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
