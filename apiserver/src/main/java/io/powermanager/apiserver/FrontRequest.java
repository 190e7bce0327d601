package io.powermanager.apiserver;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request to the front, independent of the HTTP library.
 *
 * @param query decoded query parameters
 * @param client the {@link #CLIENT_HEADER} the request carried, empty when none
 * @param body the raw body, empty when there is none
 */
record FrontRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    String contentType,
    String accept,
    String client,
    byte[] body) {
  /** The header naming the client that sent a request (see {@link EmbeddedApiServer#newClient}). */
  static final String CLIENT_HEADER = "X-Power-Test-Client";

  /** The first value of a query parameter, or {@code ""}. */
  String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  boolean isWatch() {
    // Go's strconv.ParseBool, as kube-apiserver: the Python client sends watch=True
    return method.equals("GET") && Boolean.TRUE.equals(QueryParameters.parseBool(param("watch")));
  }
}
