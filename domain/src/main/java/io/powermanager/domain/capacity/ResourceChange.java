package io.powermanager.domain.capacity;

import java.util.Objects;

/** One change to a node's {@code status.capacity} or {@code status.allocatable}. */
public sealed interface ResourceChange {

  /** Which map of the node status the change applies to. */
  enum Field {
    CAPACITY("capacity"),
    ALLOCATABLE("allocatable");

    private final String jsonName;

    Field(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The key under {@code status}: {@code capacity} or {@code allocatable}. */
    public String jsonName() {
      return jsonName;
    }
  }

  Field field();

  String resource();

  /** Sets {@code resource} to {@code count}, adding it when absent. */
  record Put(Field field, String resource, long count) implements ResourceChange {
    public Put {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(resource, "resource");
    }
  }

  /** Removes {@code resource}. */
  record Remove(Field field, String resource) implements ResourceChange {
    public Remove {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(resource, "resource");
    }
  }
}
