package io.powermanager.webhook;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.Named;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The JSON a fabric8 model class is sure to accept, read from its {@code @JsonProperty} fields: a
 * string for a {@code String}, an {@code int} for an {@code Integer}, an array without nulls for a
 * {@code List}, and so on, recursively. What Jackson would coerce (a number for a string, a string
 * for a number), any {@code null} inside a list or map (the webhook's mapper refuses those), and
 * every type this class does not know (a custom deserializer, an abstract type) is <em>not</em>
 * accepted: the caller then reads the object with the typed reader, which decides. So wherever
 * {@link #accepts} says yes, the typed reader succeeds. Immutable and thread-safe.
 */
sealed interface ModelShape {

  /**
   * Whether the value starting at {@code token} has this shape; reads it to its end (when the
   * answer is no, the parser is left anywhere inside it). A {@code null} is accepted: it sets a
   * property to null; lists and maps refuse null contents themselves.
   */
  default boolean accepts(JsonParser p, JsonToken token) {
    return token == JsonToken.VALUE_NULL || acceptsValue(p, token);
  }

  /** Same as {@link #accepts} for a token that is not {@code null}. */
  boolean acceptsValue(JsonParser p, JsonToken token);

  /**
   * The shape of a model class, its properties' shapes resolved (cycles allowed). Call it from a
   * static initialiser: the shapes are published by class initialisation.
   */
  static Bean of(Class<?> type) {
    synchronized (Bean.BUILT) {
      return Bean.of(type);
    }
  }

  /** Scalars: what their type reads without coercion. */
  enum Scalar implements ModelShape {
    STRING {
      @Override
      public boolean acceptsValue(JsonParser p, JsonToken token) {
        return token == JsonToken.VALUE_STRING;
      }
    },
    BOOLEAN {
      @Override
      public boolean acceptsValue(JsonParser p, JsonToken token) {
        return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
      }
    },
    INT {
      @Override
      public boolean acceptsValue(JsonParser p, JsonToken token) {
        return isInt(p, token);
      }
    },
    LONG {
      @Override
      public boolean acceptsValue(JsonParser p, JsonToken token) {
        return token == JsonToken.VALUE_NUMBER_INT
            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
      }
    },
    QUANTITY {
      @Override
      public boolean acceptsValue(JsonParser p, JsonToken token) {
        return token == JsonToken.VALUE_STRING && isPlainQuantity(p.getString());
      }
    },
    INT_OR_STRING {
      @Override
      public boolean acceptsValue(JsonParser p, JsonToken token) {
        return token == JsonToken.VALUE_STRING || isInt(p, token);
      }
    },
    /** A type nothing is known about: every value but null is refused. */
    UNKNOWN {
      @Override
      public boolean acceptsValue(JsonParser p, JsonToken token) {
        return false;
      }
    }
  }

  /** {@code List<T>}: an array of values of T, none null. */
  record ListOf(ModelShape element) implements ModelShape {
    @Override
    public boolean acceptsValue(JsonParser p, JsonToken token) {
      if (token != JsonToken.START_ARRAY) {
        return false;
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == JsonToken.VALUE_NULL || !element.acceptsValue(p, t)) {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code Map<String, T>}: an object of values of T, none null. */
  record MapOf(ModelShape value) implements ModelShape {
    @Override
    public boolean acceptsValue(JsonParser p, JsonToken token) {
      if (token != JsonToken.START_OBJECT) {
        return false;
      }
      for (String name = p.nextName(); name != null; name = p.nextName()) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL || !value.acceptsValue(p, t)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A model class: an object whose known properties have their shapes; unknown properties go to the
   * class's any-setter, which takes any JSON without nulls, floats or big integers in it. Property
   * names are matched on the parser's own bytes ({@link JsonParser#nextNameMatch}).
   */
  final class Bean implements ModelShape {
    private static final Map<Class<?>, Bean> BUILT = new HashMap<>();

    private final Class<?> type;
    private List<String> names = List.of();
    private ModelShape[] shapes = new ModelShape[0];
    private PropertyNameMatcher matcher;
    private boolean readable;

    private Bean(Class<?> type) {
      this.type = type;
    }

    /** Matches this class's property names to their index. */
    PropertyNameMatcher matcher() {
      return matcher;
    }

    /**
     * The index {@link JsonParser#nextNameMatch} gives property {@code name}.
     *
     * @throws IllegalArgumentException when the class has no such property
     */
    int index(String name) {
      int index = names.indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException(type.getSimpleName() + " has no property " + name);
      }
      return index;
    }

    @Override
    public boolean acceptsValue(JsonParser p, JsonToken token) {
      if (token != JsonToken.START_OBJECT || !readable) {
        return false;
      }
      for (int i = p.nextNameMatch(matcher);
          i != PropertyNameMatcher.MATCH_END_OBJECT;
          i = p.nextNameMatch(matcher)) {
        if (!acceptsProperty(p, i, p.nextToken())) {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether the value of the property {@code match} (what {@link JsonParser#nextNameMatch} gave),
     * starting at {@code token}, has its shape.
     */
    boolean acceptsProperty(JsonParser p, int match, JsonToken token) {
      if (match >= 0) {
        return shapes[match].accepts(p, token);
      }
      return match == PropertyNameMatcher.MATCH_UNKNOWN_NAME && acceptsUntyped(p, token);
    }

    @Override
    public String toString() {
      return type.getSimpleName();
    }

    private static Bean of(Class<?> type) {
      Bean built = BUILT.get(type);
      if (built != null) {
        return built;
      }
      Bean bean = new Bean(type);
      BUILT.put(type, bean);
      boolean anySetter = false;
      for (Method m : type.getMethods()) {
        anySetter |= m.isAnnotationPresent(JsonAnySetter.class);
      }
      JsonDeserialize custom = type.getAnnotation(JsonDeserialize.class);
      bean.readable =
          anySetter
              && (custom == null
                  || custom.using() == tools.jackson.databind.ValueDeserializer.None.class);
      // readable is set before the properties are: a property may be of this very class
      Map<String, ModelShape> properties = new LinkedHashMap<>();
      if (bean.readable) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
          for (Field f : c.getDeclaredFields()) {
            JsonProperty property = f.getAnnotation(JsonProperty.class);
            if (property != null && !Modifier.isStatic(f.getModifiers())) {
              properties.putIfAbsent(
                  property.value().isEmpty() ? f.getName() : property.value(),
                  f.isAnnotationPresent(JsonDeserialize.class)
                      ? Scalar.UNKNOWN
                      : shapeOf(f.getGenericType()));
            }
          }
        }
      }
      bean.names = List.copyOf(properties.keySet());
      bean.shapes = properties.values().toArray(ModelShape[]::new);
      bean.matcher =
          Json.MAPPER
              .tokenStreamFactory()
              .constructNameMatcher(bean.names.stream().map(Named::fromString).toList(), false);
      return bean;
    }

    private static ModelShape shapeOf(Type type) {
      if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
        Type[] args = p.getActualTypeArguments();
        if (raw == List.class) {
          return new ListOf(shapeOf(args[0]));
        }
        if (raw == Map.class && args[0] == String.class) {
          return new MapOf(shapeOf(args[1]));
        }
        return Scalar.UNKNOWN;
      }
      if (type == String.class) {
        return Scalar.STRING;
      }
      if (type == Boolean.class) {
        return Scalar.BOOLEAN;
      }
      if (type == Integer.class) {
        return Scalar.INT;
      }
      if (type == Long.class) {
        return Scalar.LONG;
      }
      if (type == Quantity.class) {
        return Scalar.QUANTITY;
      }
      if (type == IntOrString.class) {
        return Scalar.INT_OR_STRING;
      }
      if (type instanceof Class<?> c
          && c.getName().startsWith("io.fabric8.kubernetes.api.model.")
          && !c.isInterface()
          && !Modifier.isAbstract(c.getModifiers())
          && !c.isEnum()) {
        Bean bean = of(c);
        return bean.readable ? bean : Scalar.UNKNOWN;
      }
      return Scalar.UNKNOWN;
    }
  }

  static boolean isInt(JsonParser p, JsonToken token) {
    return token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT;
  }

  /**
   * A value for an any-setter: strings, booleans, integers that fit a long, and objects and arrays
   * of those. Nulls, floats and big integers are left to the typed reader.
   */
  static boolean acceptsUntyped(JsonParser p, JsonToken token) {
    switch (token) {
      case VALUE_STRING, VALUE_TRUE, VALUE_FALSE -> {
        return true;
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
      }
      case START_ARRAY -> {
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (!acceptsUntyped(p, t)) {
            return false;
          }
        }
        return true;
      }
      case START_OBJECT -> {
        for (String name = p.nextName(); name != null; name = p.nextName()) {
          if (!acceptsUntyped(p, p.nextToken())) {
            return false;
          }
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * A quantity string fabric8's {@code Quantity} reads without complaint and whose amount and
   * format, joined, give it back: not empty, and no digit after a letter (fabric8 refuses a unit
   * with a digit in it that ends in a letter; unit letters are ASCII).
   */
  static boolean isPlainQuantity(String text) {
    if (text.isEmpty()) {
      return false;
    }
    boolean letter = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (letter && Character.isDigit(c)) {
        return false;
      }
      letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return true;
  }
}
