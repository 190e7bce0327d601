package io.powermanager.webhook;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson 3 mapper of the webhook: immutable, thread-safe, shared. A {@code null} inside a
 * list or map of an admitted object is a decoding error (the API server never sends one), so the
 * rules never meet it.
 */
final class Json {

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .withConfigOverride(
              List.class, o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
          .withConfigOverride(
              Map.class, o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
          .build();

  private Json() {}
}
