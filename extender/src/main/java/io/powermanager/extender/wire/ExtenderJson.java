package io.powermanager.extender.wire;

import java.io.InputStream;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the extender's wire types. Top-level keys are matched case-insensitively, as
 * Go's decoder does, so clients that lowercase them are understood too; the embedded Pod and
 * NodeList are ordinary Kubernetes JSON. Thread-safe.
 */
public final class ExtenderJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private ExtenderJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads a request body.
   *
   * @throws BadRequestException when the body is not JSON, not an object, or has no Pod
   */
  public static ExtenderArgs readArgs(InputStream body) {
    ExtenderArgs args;
    try {
      args = MAPPER.readValue(body, ExtenderArgs.class);
    } catch (JacksonException e) {
      throw new BadRequestException(
          "request body is not an ExtenderArgs object: " + e.getOriginalMessage(), e);
    }
    if (args == null) {
      throw new BadRequestException("request body is empty or null");
    }
    if (args.pod() == null) {
      throw new BadRequestException("Pod is missing");
    }
    return args;
  }

  public static byte[] write(ExtenderFilterResult result) {
    return MAPPER.writeValueAsBytes(result);
  }

  public static byte[] write(List<HostPriority> priorities) {
    return MAPPER.writeValueAsBytes(priorities);
  }
}
