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
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The JSON a fabric8 model class is sure to accept, read from its {@code @JsonProperty} fields: a
 * string for a {@code String}, an {@code int} for an {@code Integer}, an array without nulls for a
 * {@code List}, and so on, recursively. What Jackson would coerce (a number for a string, a string
 * for a number), any {@code null} inside a list or map (the webhook's mapper refuses those), and
 * every type this class does not know (a custom deserializer, an abstract type) is <em>not</em>
 * accepted: the caller then reads the object with the typed reader, which decides. So wherever
 * {@link #accepts} says yes, the typed reader succeeds.
 *
 * <p>One final class with a kind rather than a class per kind, so the checks are plain switches,
 * not calls through an interface. Immutable once built; built in static initialisers, which publish
 * it. Thread-safe.
 */
final class ModelShape {

  private enum Kind {
    STRING,
    BOOLEAN,
    INT,
    LONG,
    QUANTITY,
    INT_OR_STRING,
    /** A type nothing is known about: every value but null is refused. */
    UNKNOWN,
    LIST,
    MAP,
    BEAN
  }

  static final ModelShape STRING = new ModelShape(Kind.STRING, null, null);
  static final ModelShape BOOLEAN = new ModelShape(Kind.BOOLEAN, null, null);
  static final ModelShape INT = new ModelShape(Kind.INT, null, null);
  static final ModelShape LONG = new ModelShape(Kind.LONG, null, null);
  static final ModelShape QUANTITY = new ModelShape(Kind.QUANTITY, null, null);
  static final ModelShape INT_OR_STRING = new ModelShape(Kind.INT_OR_STRING, null, null);
  static final ModelShape UNKNOWN = new ModelShape(Kind.UNKNOWN, null, null);

  private static final Map<Class<?>, ModelShape> BEANS = new HashMap<>();

  private final Kind kind;

  /** The element of a list, the value of a map. */
  private final ModelShape element;

  /** A bean's class. */
  private final Class<?> type;

  /** A bean's property names, in the order of {@link #matcher} indexes, and their shapes. */
  private List<String> names = List.of();

  private ModelShape[] shapes = new ModelShape[0];
  private PropertyNameMatcher matcher;

  private ModelShape(Kind kind, ModelShape element, Class<?> type) {
    this.kind = kind;
    this.element = element;
    this.type = type;
  }

  /**
   * The shape of a model class, its properties' shapes resolved (cycles allowed); {@link #UNKNOWN}
   * for a class this reader cannot vouch for. Call it from a static initialiser.
   */
  static ModelShape of(Class<?> type) {
    synchronized (BEANS) {
      return bean(type);
    }
  }

  /** Matches a bean's property names to their index ({@link JsonParser#nextNameMatch}). */
  PropertyNameMatcher matcher() {
    return matcher;
  }

  /**
   * The index {@link JsonParser#nextNameMatch} gives property {@code name} of this bean.
   *
   * @throws IllegalArgumentException when the bean has no such property
   */
  int index(String name) {
    int index = names.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(this + " has no property " + name);
    }
    return index;
  }

  /**
   * Whether the value starting at {@code token} has this shape; reads it to its end (when the
   * answer is no, the parser is left anywhere inside it). A {@code null} is accepted: it sets a
   * property to null; lists and maps refuse null contents themselves.
   */
  boolean accepts(JsonParser p, JsonToken token) {
    return token == JsonToken.VALUE_NULL || acceptsValue(p, token);
  }

  /**
   * Whether the value of this bean's property {@code match} (what {@link JsonParser#nextNameMatch}
   * gave), starting at {@code token}, has its shape; an unknown property goes to the any-setter.
   */
  boolean acceptsProperty(JsonParser p, int match, JsonToken token) {
    if (match >= 0) {
      return shapes[match].accepts(p, token);
    }
    return match == PropertyNameMatcher.MATCH_UNKNOWN_NAME && acceptsUntyped(p, token);
  }

  /** Same as {@link #accepts} for a token that is not {@code null}. */
  private boolean acceptsValue(JsonParser p, JsonToken token) {
    return switch (kind) {
      case STRING -> token == JsonToken.VALUE_STRING;
      case BOOLEAN -> token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
      case INT -> isInt(p, token);
      case LONG -> isLong(p, token);
      case QUANTITY -> token == JsonToken.VALUE_STRING && isPlainQuantity(p.getString());
      case INT_OR_STRING -> token == JsonToken.VALUE_STRING || isInt(p, token);
      case UNKNOWN -> false;
      case LIST -> acceptsList(p, token);
      case MAP -> acceptsMap(p, token);
      case BEAN -> acceptsBean(p, token);
    };
  }

  private boolean acceptsList(JsonParser p, JsonToken token) {
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

  private boolean acceptsMap(JsonParser p, JsonToken token) {
    if (token != JsonToken.START_OBJECT) {
      return false;
    }
    for (String name = p.nextName(); name != null; name = p.nextName()) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL || !element.acceptsValue(p, t)) {
        return false;
      }
    }
    return true;
  }

  private boolean acceptsBean(JsonParser p, JsonToken token) {
    if (token != JsonToken.START_OBJECT) {
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

  @Override
  public String toString() {
    return switch (kind) {
      case LIST -> "List<" + element + ">";
      case MAP -> "Map<String, " + element + ">";
      case BEAN -> type.getSimpleName();
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  static boolean isInt(JsonParser p, JsonToken token) {
    return token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT;
  }

  static boolean isLong(JsonParser p, JsonToken token) {
    return token == JsonToken.VALUE_NUMBER_INT
        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
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
        return isLong(p, token);
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
   * with a digit in it that ends in a letter; its unit letters are ASCII).
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

  private static ModelShape bean(Class<?> type) {
    ModelShape built = BEANS.get(type);
    if (built != null) {
      return built;
    }
    boolean anySetter = false;
    for (Method m : type.getMethods()) {
      anySetter |= m.isAnnotationPresent(JsonAnySetter.class);
    }
    JsonDeserialize custom = type.getAnnotation(JsonDeserialize.class);
    if (!anySetter || (custom != null && custom.using() != ValueDeserializer.None.class)) {
      BEANS.put(type, UNKNOWN);
      return UNKNOWN;
    }
    ModelShape bean = new ModelShape(Kind.BEAN, null, type);
    BEANS.put(type, bean); // before its properties: a property may be of this very class
    Map<String, ModelShape> properties = new LinkedHashMap<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        JsonProperty property = f.getAnnotation(JsonProperty.class);
        if (property != null && !Modifier.isStatic(f.getModifiers())) {
          properties.putIfAbsent(
              property.value().isEmpty() ? f.getName() : property.value(),
              f.isAnnotationPresent(JsonDeserialize.class) ? UNKNOWN : shapeOf(f.getGenericType()));
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
        return new ModelShape(Kind.LIST, shapeOf(args[0]), null);
      }
      if (raw == Map.class && args[0] == String.class) {
        return new ModelShape(Kind.MAP, shapeOf(args[1]), null);
      }
      return UNKNOWN;
    }
    if (type == String.class) {
      return STRING;
    }
    if (type == Boolean.class) {
      return BOOLEAN;
    }
    if (type == Integer.class) {
      return INT;
    }
    if (type == Long.class) {
      return LONG;
    }
    if (type == Quantity.class) {
      return QUANTITY;
    }
    if (type == IntOrString.class) {
      return INT_OR_STRING;
    }
    if (type instanceof Class<?> c
        && c.getName().startsWith("io.fabric8.kubernetes.api.model.")
        && !c.isInterface()
        && !Modifier.isAbstract(c.getModifiers())
        && !c.isEnum()) {
      return bean(c);
    }
    return UNKNOWN;
  }
}
