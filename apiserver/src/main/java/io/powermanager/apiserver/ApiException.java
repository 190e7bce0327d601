package io.powermanager.apiserver;

import tools.jackson.databind.node.ObjectNode;

/**
 * A request that ends with a Kubernetes {@code Status}: thrown anywhere, answered by the router.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ObjectNode status;

  ApiException(ObjectNode status) {
    super(status.path("message").asString());
    this.status = status;
  }

  int code() {
    return status.path("code").asInt(500);
  }

  ObjectNode status() {
    return status;
  }
}
