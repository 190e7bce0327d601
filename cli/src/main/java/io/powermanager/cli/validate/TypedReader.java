package io.powermanager.cli.validate;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.domain.Violation;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Binds a manifest's tree to a model class, turning a binding failure into a field violation. */
final class TypedReader {

  private TypedReader() {}

  /** The bound object, or a violation naming the field whose value does not fit. */
  static <T> Result<T> read(JsonNode tree, Class<T> type) {
    try {
      return new Result<>(Serialization.unmarshal(tree.toString(), type), null);
    } catch (RuntimeException e) {
      return new Result<>(null, violation(tree, e));
    }
  }

  record Result<T>(T value, Violation problem) {
    Optional<T> get() {
      return Optional.ofNullable(value);
    }
  }

  private static Violation violation(JsonNode tree, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JacksonException je && !je.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        JsonNode at = tree;
        for (JacksonException.Reference ref : je.getPath()) {
          if (ref.getPropertyName() != null) {
            if (!path.isEmpty()) {
              path.append('.');
            }
            path.append(ref.getPropertyName());
            at = at.path(ref.getPropertyName());
          } else if (ref.getIndex() >= 0) {
            path.append('[').append(ref.getIndex()).append(']');
            at = at.path(ref.getIndex());
          }
        }
        String got = at.isMissingNode() ? "" : ", got " + SchemaCheck.describe(at);
        return new Violation(path.toString(), "value does not fit the field's type" + got);
      }
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new Violation("", "cannot read the object: " + message.lines().findFirst().orElse(""));
  }
}
