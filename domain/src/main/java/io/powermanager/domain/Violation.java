package io.powermanager.domain;

import java.util.Objects;

/**
 * One broken rule: where ({@code field}, a path such as {@code spec.containers[0] "app"}) and what
 * ({@code message}, naming the offending value). Printed as {@code field: message}.
 */
public record Violation(String field, String message) {

  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
