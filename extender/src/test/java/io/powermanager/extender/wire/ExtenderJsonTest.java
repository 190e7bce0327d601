package io.powermanager.extender.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtenderJsonTest {

  @Test
  void writesScoresAsKubeSchedulersHostPriorityList() {
    // When
    byte[] json =
        ExtenderJson.write(
            List.of(
                new HostPriority("node-a.example", 10), new HostPriority("n2", Long.MIN_VALUE)));

    // Then
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "[{\"Host\":\"node-a.example\",\"Score\":10},"
                + "{\"Host\":\"n2\",\"Score\":-9223372036854775808}]");
  }

  @Test
  void escapesHostNamesThatNeedIt() {
    // When
    byte[] json =
        ExtenderJson.write(
            List.of(new HostPriority("plain", 1), new HostPriority("q\"uote\\é", 2)));

    // Then
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("[{\"Host\":\"plain\",\"Score\":1},{\"Host\":\"q\\\"uote\\\\é\",\"Score\":2}]");
    assertThat(ExtenderJson.mapper().readTree(json).get(1).get("Host").stringValue())
        .isEqualTo("q\"uote\\é");
  }

  @Test
  void writesAnEmptyScoreList() {
    // When
    byte[] json = ExtenderJson.write(List.<HostPriority>of());

    // Then
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("[]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          an array                 | []                           | request body is not an ExtenderArgs object: Cannot deserialize value of type `io.powermanager.extender.wire.ExtenderArgs` from Array value
          JSON null                | null                         | request body is null
          nothing                  | ''                           | request body is not an ExtenderArgs object: No content to map due to end-of-input
          no Pod                   | {"NodeNames":["a"]}          | Pod is missing
          names that are numbers   | {"Pod":{},"NodeNames":[1]}   | request body is not an ExtenderArgs object at NodeNames[0]: Cannot coerce Integer value (1) to `java.lang.String` value
          names that are an object | {"Pod":{},"NodeNames":{}}    | request body is not an ExtenderArgs object at NodeNames: Cannot deserialize value of type `java.util.ArrayList<java.lang.String>` from Object value
          two objects              | {"Pod":{},"NodeNames":[]} {} | request body is not an ExtenderArgs object: Trailing token (`JsonToken.START_OBJECT`) found after value
          """)
  void refusesMalformedRequestsWithTheReason(String why, String body, String reason) {
    // When / Then
    assertThatThrownBy(() -> ExtenderJson.readArgs(body.getBytes(StandardCharsets.UTF_8)))
        .as(why)
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith(reason);
  }

  @Test
  void refusesTextThatIsNotJsonNamingTheParserProblem() {
    // When / Then
    assertThatThrownBy(() -> ExtenderJson.readArgs("{\"Pod\": {".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith(
            "request body is not an ExtenderArgs object at Pod: Unexpected end-of-input");
  }

  @Test
  void skipsKeysItDoesNotKnow() {
    // When
    ExtenderArgs args =
        ExtenderJson.readArgs(
            "{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"Extra\":{\"a\":[1,2]},\"NodeNames\":[\"a\"]}"
                .getBytes(StandardCharsets.UTF_8));

    // Then
    assertThat(args.pod().getMetadata().getName()).isEqualTo("p");
    assertThat(args.nodeNames()).containsExactly("a");
  }
}
