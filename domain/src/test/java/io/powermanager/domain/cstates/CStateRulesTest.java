package io.powermanager.domain.cstates;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.CpuSet;
import io.powermanager.domain.RuleResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CStateRulesTest {

  static final NodeIdleFacts SPR_NODE =
      new NodeIdleFacts("node-1", CStatePlannerTest.SPR, CpuSet.parse("0-7"), CpuSet.parse("0-1"));
  static final NodeIdleFacts ADL_NODE =
      new NodeIdleFacts("node-2", CStatePlannerTest.ADL, CpuSet.parse("0-15"), CpuSet.parse("0"));
  static final NodeIdleFacts NO_IDLE =
      new NodeIdleFacts("node-3", List.of(), CpuSet.parse("0-3"), CpuSet.empty());

  static Stream<Arguments> profileRejections() {
    return Stream.of(
        Arguments.of(
            "C0", Map.of("C0", false), null, "spec.cstates.names.C0: C0 is the running state"),
        Arguments.of(
            "both",
            Map.of("C6", false),
            10L,
            "spec.cstates: set either names or maxLatencyUs, not both"),
        Arguments.of("empty names", Map.of(), null, "spec.cstates.names: names is empty"),
        Arguments.of("neither", null, null, "spec.cstates: cstates needs names or maxLatencyUs"),
        Arguments.of(
            "unknown everywhere",
            Map.of("C7", false),
            null,
            "spec.cstates.names.C7: \"C7\" is not an idle state of any targeted node"),
        Arguments.of(
            "latency too big",
            null,
            1_000_001L,
            "spec.cstates.maxLatencyUs: 1000001 is out of range"),
        Arguments.of(
            "negative latency", null, -1L, "spec.cstates.maxLatencyUs: -1 is out of range"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profileRejections")
  void rejectsProfileCStates(
      String name, Map<String, Boolean> names, Long maxLatencyUs, String message) {
    // When
    RuleResult result =
        CStateRules.checkProfile(true, names, maxLatencyUs, List.of(SPR_NODE, ADL_NODE));

    // Then
    assertThat(result.allowed()).isFalse();
    assertThat(result.message()).startsWith(message);
  }

  @Test
  void rejectsMoreThanSixteenNames() {
    // Given
    var names = new java.util.TreeMap<String, Boolean>();
    for (int i = 0; i < 17; i++) {
      names.put("C" + (i + 1), true);
    }

    // When
    RuleResult result = CStateRules.checkProfile(true, names, null, List.of());

    // Then
    assertThat(result.message()).contains("17 states named; at most 16");
  }

  @Test
  void warnsWhenAStateIsUnknownOnSomeNodes() {
    // When
    RuleResult result =
        CStateRules.checkProfile(true, Map.of("C8", false), null, List.of(SPR_NODE, ADL_NODE));

    // Then
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings())
        .contains(
            "spec.cstates.names.C8: \"C8\" is not an idle state of node node-1; it is ignored there");
  }

  @Test
  void warnsWhenAShallowStateIsOffAndADeeperOneOn() {
    // When
    RuleResult result =
        CStateRules.checkProfile(true, Map.of("C1", false), null, List.of(SPR_NODE));

    // Then
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings())
        .singleElement()
        .asString()
        .contains("C1 is disabled while the deeper C1E is left enabled");
  }

  @Test
  void acceptsLatencyBoundAndWarnsAboutNodesWithoutCpuidle() {
    // When
    RuleResult result = CStateRules.checkProfile(true, null, 10L, List.of(SPR_NODE, NO_IDLE));

    // Then
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings())
        .singleElement()
        .asString()
        .startsWith("node node-3 has no cpuidle");
  }

  @Test
  void acceptsIntelsExampleForItsNode() {
    // When
    RuleResult result =
        CStateRules.checkCStates(
            "node-1",
            false,
            List.of(SPR_NODE),
            Set.of("node-1", "node-2"),
            Map.of("C1", true),
            Map.of("performance", Map.of("C1", false)),
            Map.of("5", Map.of("C1", true, "C6", false)),
            Set.of("performance", "shared"),
            Map.of());

    // Then
    assertThat(result.allowed()).as(result.message()).isTrue();
  }

  static Stream<Arguments> cstatesRejections() {
    return Stream.of(
        Arguments.of(
            "name not a power node",
            "node-9",
            Map.of(),
            Map.of(),
            Map.of(),
            "metadata.name: \"node-9\" is not a power node"),
        Arguments.of(
            "unknown profile key",
            "node-1",
            Map.of("nosuch", Map.of("C1", false)),
            Map.of(),
            Map.of(),
            "spec.exclusivePoolCStates[nosuch]: \"nosuch\" is not an existing PowerProfile"),
        Arguments.of(
            "cpu key not decimal",
            "node-1",
            Map.of(),
            Map.of("0x3", Map.of("C1", false)),
            Map.of(),
            "spec.individualCoreCStates[0x3]: \"0x3\" is not a decimal CPU id"),
        Arguments.of(
            "cpu not online",
            "node-1",
            Map.of(),
            Map.of("8", Map.of("C1", false)),
            Map.of(),
            "spec.individualCoreCStates[8]: cpu 8 is not online on node-1"),
        Arguments.of(
            "C0 in shared pool",
            "node-1",
            Map.of(),
            Map.of(),
            Map.of(),
            "spec.sharedPoolCStates.C0: C0 is the running state"),
        Arguments.of(
            "second object for the node",
            "node-1",
            Map.of(),
            Map.of(),
            Map.of("other", Set.of("node-1")),
            "metadata.name: CStates other already targets node node-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cstatesRejections")
  void rejectsCStates(
      String scenario,
      String name,
      Map<String, Map<String, Boolean>> exclusive,
      Map<String, Map<String, Boolean>> individual,
      Map<String, Set<String>> others,
      String message) {
    // Given
    Map<String, Boolean> shared =
        scenario.startsWith("C0") ? Map.of("C0", false) : Map.of("C1", true);

    // When
    RuleResult result =
        CStateRules.checkCStates(
            name,
            false,
            name.equals("node-1") ? List.of(SPR_NODE) : List.of(),
            Set.of("node-1", "node-2"),
            shared,
            exclusive,
            individual,
            Set.of("performance", "shared"),
            others);

    // Then
    assertThat(result.allowed()).isFalse();
    assertThat(result.message()).startsWith(message);
  }

  @Test
  void warnsWhenAnIndividualCpuIsReserved() {
    // When
    RuleResult result =
        CStateRules.checkCStates(
            "node-1",
            false,
            List.of(SPR_NODE),
            Set.of("node-1"),
            null,
            null,
            Map.of("0", Map.of("C6", false)),
            Set.of(),
            Map.of());

    // Then
    assertThat(result.allowed()).isTrue();
    assertThat(result.warnings()).singleElement().asString().contains("cpu 0 is reserved");
  }

  @Test
  void nodeSelectorObjectsNeedNoNodeName() {
    // When
    RuleResult result =
        CStateRules.checkCStates(
            "low-latency",
            true,
            List.of(SPR_NODE),
            Set.of("node-1"),
            Map.of("C6", false),
            null,
            null,
            Set.of(),
            Map.of());

    // Then
    assertThat(result.allowed()).as(result.message()).isTrue();
  }

  @Test
  void deniesDeletingAProfileACStatesNames() {
    // When
    RuleResult result =
        CStateRules.checkProfileDelete(
            "performance", Map.of("node-1", Set.of("performance"), "node-2", Set.of()));

    // Then
    assertThat(result.message())
        .isEqualTo(
            "metadata.name: power profile \"performance\" is named in exclusivePoolCStates of"
                + " CStates node-1; remove it there first");
  }

  @Test
  void allowsDeletingAProfileNoCStatesNames() {
    // When
    RuleResult result =
        CStateRules.checkProfileDelete("shared", Map.of("node-1", Set.of("performance")));

    // Then
    assertThat(result.allowed()).isTrue();
  }
}
