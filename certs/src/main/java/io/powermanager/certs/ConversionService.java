package io.powermanager.certs;

import java.util.List;
import java.util.Objects;

/**
 * Where the API server reaches the CRDs' conversion webhook: {@code
 * https://<name>.<namespace>.svc:<port><path>}. In the chart this is a Service of its own that
 * publishes not-ready addresses, because the manager's own informers list through conversion before
 * the manager is ready.
 *
 * @param namespace the Service's namespace (the power namespace)
 * @param name the Service's name
 * @param path the HTTP path of the conversion endpoint ({@code /convert})
 * @param port the Service port (1-65535)
 */
public record ConversionService(String namespace, String name, String path, int port) {

  public ConversionService {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    ServiceNames.sans(name, namespace); // validates both names
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path '" + path + "' must start with /");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not a TCP port");
    }
  }

  /** The DNS names the serving certificate needs for the API server to trust this Service. */
  public List<String> sans() {
    return ServiceNames.sans(name, namespace);
  }
}
