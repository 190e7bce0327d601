package io.powermanager.extender.wire;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds the extender's wire records with Jackson: top-level keys are matched case-insensitively, as
 * Go's decoder does; a JSON value of the wrong type is refused, not coerced (Go refuses {@code [1]}
 * for {@code NodeNames} too); unknown keys are skipped. Thread-safe.
 */
public final class ExtenderJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private ExtenderJson() {}

  /** The mapper, also for the embedded Kubernetes objects. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads a request body.
   *
   * @throws BadRequestException when the body is not an ExtenderArgs object or has no Pod
   */
  public static ExtenderArgs readArgs(byte[] body) {
    ExtenderArgs args;
    try {
      args = MAPPER.readValue(body, ExtenderArgs.class);
    } catch (JacksonException e) {
      throw new BadRequestException(
          "request body is not an ExtenderArgs object" + where(e) + ": " + e.getOriginalMessage(),
          e);
    }
    if (args == null) {
      throw new BadRequestException("request body is null");
    }
    if (args.pod() == null) {
      throw new BadRequestException("Pod is missing");
    }
    return args;
  }

  /** Where in the body the problem is, as a JSON path ({@code " at NodeNames[0]"}), or "". */
  private static String where(JacksonException e) {
    StringBuilder at = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        at.append(at.length() == 0 ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        at.append('[').append(ref.getIndex()).append(']');
      }
    }
    return at.length() == 0 ? "" : " at " + at;
  }

  /** An answer ({@link ExtenderFilterResult}, a list of {@link HostPriority}) as JSON. */
  public static byte[] write(Object answer) {
    return MAPPER.writeValueAsBytes(answer);
  }
}
