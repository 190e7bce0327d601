package io.powermanager.simulator.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class KubectlGetTest {

  private static final String TABLE =
      """
      {"kind":"Table","apiVersion":"meta.k8s.io/v1","columnDefinitions":[
        {"name":"Name","type":"string","priority":0},
        {"name":"Max","type":"integer","priority":0},
        {"name":"Capacity","type":"string","priority":1}],
       "rows":[
        {"cells":["shared",1500,null]},
        {"cells":["performance",null,"40%"]}]}
      """;

  @Test
  void printsPriorityZeroColumnsSortedByNameWithNullsBlankLikeKubectl() {
    // When
    String text = KubectlGet.render(JsonMapper.builder().build().readTree(TABLE), "default", false);

    // Then
    assertThat(text)
        .isEqualTo(
            """
            NAME          MAX
            performance
            shared        1500
            """);
  }

  @Test
  void printsEveryColumnWhenWide() {
    // When
    String text = KubectlGet.render(JsonMapper.builder().build().readTree(TABLE), "default", true);

    // Then
    assertThat(text.lines().findFirst()).contains("NAME          MAX    CAPACITY");
  }

  @Test
  void saysSoWhenThereIsNothing() {
    // When
    String text =
        KubectlGet.render(
            JsonMapper.builder().build().readTree("{\"columnDefinitions\":[],\"rows\":[]}"),
            "default",
            false);

    // Then
    assertThat(text).isEqualTo("No resources found in default namespace.\n");
  }
}
