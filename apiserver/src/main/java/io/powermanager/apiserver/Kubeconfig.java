package io.powermanager.apiserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A kubeconfig for kubectl and client libraries: one cluster (plain HTTP, or HTTPS trusting the
 * front's CA), no credentials.
 */
final class Kubeconfig {
  private Kubeconfig() {}

  /**
   * @param caCertData the CA the server's certificate chains to, base64 PEM ({@code
   *     certificate-authority-data}); null for none
   */
  static String render(String serverUrl, String namespace, String caCertData) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: embedded",
        "  cluster:",
        "    server: "
            + serverUrl
            + (caCertData == null ? "" : "\n    certificate-authority-data: " + caCertData),
        "contexts:",
        "- name: embedded",
        "  context:",
        "    cluster: embedded",
        "    user: embedded",
        "    namespace: " + namespace,
        "current-context: embedded",
        "users:",
        "- name: embedded",
        "  user: {}",
        "");
  }

  /** Writes atomically (a temporary file moved into place), creating parent directories. */
  static void write(Path file, String serverUrl, String namespace, String caCertData)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".kubeconfig", ".tmp");
    Files.writeString(temporary, render(serverUrl, namespace, caCertData), StandardCharsets.UTF_8);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
