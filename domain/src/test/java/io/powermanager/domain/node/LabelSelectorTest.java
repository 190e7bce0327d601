package io.powermanager.domain.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  private static final Map<String, String> NODE_1 =
      Map.of("kubernetes.io/hostname", "node-1", "zone", "a");

  @Test
  void matchLabelsMustAllHold() {
    assertThat(
            new LabelSelector(Map.of("kubernetes.io/hostname", "node-1"), List.of())
                .matches(NODE_1))
        .isTrue();
    assertThat(
            new LabelSelector(Map.of("kubernetes.io/hostname", "node-2"), List.of())
                .matches(NODE_1))
        .isFalse();
    assertThat(LabelSelector.everything().matches(NODE_1)).isTrue();
    assertThat(LabelSelector.everything().matches(null)).isTrue();
  }

  @Test
  void expressionsFollowTheApiServersOperators() {
    var in = req("zone", LabelSelector.Operator.IN, "a", "b");
    var notIn = req("zone", LabelSelector.Operator.NOT_IN, "a");
    var exists = req("gpu", LabelSelector.Operator.EXISTS);
    var absent = req("gpu", LabelSelector.Operator.DOES_NOT_EXIST);

    assertThat(sel(in).matches(NODE_1)).isTrue();
    assertThat(sel(notIn).matches(NODE_1)).isFalse();
    assertThat(sel(notIn).matches(Map.of())).isTrue();
    assertThat(sel(exists).matches(NODE_1)).isFalse();
    assertThat(sel(absent).matches(NODE_1)).isTrue();
    assertThat(new LabelSelector(Map.of("zone", "a"), List.of(in, absent)))
        .hasToString("zone=a,zone in (a,b),!gpu");
  }

  private static LabelSelector sel(LabelSelector.Requirement r) {
    return new LabelSelector(Map.of(), List.of(r));
  }

  private static LabelSelector.Requirement req(
      String key, LabelSelector.Operator op, String... values) {
    return new LabelSelector.Requirement(key, op, Set.of(values));
  }
}
