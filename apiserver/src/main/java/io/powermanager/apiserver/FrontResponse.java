package io.powermanager.apiserver;

import java.util.List;

/**
 * One non-streaming answer of the front.
 *
 * @param warnings admission warnings, sent as {@code Warning: 299 - "..."} headers
 */
record FrontResponse(int code, String contentType, byte[] body, List<String> warnings) {
  static FrontResponse json(int code, tools.jackson.databind.JsonNode body) {
    return new FrontResponse(code, "application/json", Json.bytes(body), List.of());
  }

  static FrontResponse json(int code, tools.jackson.databind.JsonNode body, List<String> warnings) {
    return new FrontResponse(code, "application/json", Json.bytes(body), List.copyOf(warnings));
  }

  static FrontResponse text(int code, String body) {
    return new FrontResponse(
        code,
        "text/plain; charset=utf-8",
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        List.of());
  }
}
