package io.powermanager.webhook;

import static io.powermanager.webhook.Fixtures.POWER_NS;
import static io.powermanager.webhook.Fixtures.meta;
import static io.powermanager.webhook.Fixtures.profile;
import static io.powermanager.webhook.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.CStatesSpec;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.ProfileCStates;
import io.powermanager.domain.CpuSet;
import io.powermanager.domain.cstates.IdleState;
import io.powermanager.domain.cstates.NodeIdleFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: C-state requests in, the validating webhook's verdict out. */
class CStatesAdmissionTest {

  static final List<IdleState> SPR =
      List.of(
          new IdleState(0, "POLL", 0),
          new IdleState(1, "C1", 1),
          new IdleState(2, "C1E", 2),
          new IdleState(3, "C6", 290));
  static final List<IdleState> ADL =
      List.of(
          new IdleState(0, "POLL", 0),
          new IdleState(1, "C1", 1),
          new IdleState(2, "C1E", 2),
          new IdleState(3, "C6", 220),
          new IdleState(4, "C8", 280),
          new IdleState(5, "C10", 680));

  /** node-1 (spr, 8 CPUs, 0-1 reserved) and node-2 (hybrid, 16 CPUs); CStates node-2 exists. */
  static final CStateFacts FACTS =
      new CStateFacts() {
        @Override
        public Optional<Map<String, NodeIdleFacts>> powerNodes() {
          return Optional.of(
              Map.of(
                  "node-1",
                  new NodeIdleFacts("node-1", SPR, CpuSet.parse("0-7"), CpuSet.parse("0-1")),
                  "node-2",
                  new NodeIdleFacts("node-2", ADL, CpuSet.parse("0-15"), CpuSet.parse("0"))));
        }

        @Override
        public Map<String, String> nodeLabels(String node) {
          return node.equals("node-2") ? Map.of("hybrid", "true") : Map.of();
        }

        @Override
        public Optional<Set<String>> profiles() {
          return Optional.of(Set.of("performance", "shared", "performance-node-1"));
        }

        @Override
        public List<CStates> cstates() {
          CStates existing =
              CStatesAdmissionTest.cstates(
                  "node-2", null, Map.of("performance", Map.of("C8", false)), null);
          return List.of(existing);
        }
      };

  private final AdmissionService service =
      new AdmissionService(Fixtures.catalog(), AdmissionSettings.of(POWER_NS), FACTS);

  static CStates cstates(
      String name,
      Map<String, Boolean> shared,
      Map<String, Map<String, Boolean>> exclusive,
      Map<String, Map<String, Boolean>> cores) {
    CStates c = new CStates();
    c.setMetadata(meta(POWER_NS, name));
    CStatesSpec spec = new CStatesSpec();
    spec.setSharedPoolCStates(shared);
    spec.setExclusivePoolCStates(exclusive);
    spec.setIndividualCoreCStates(cores);
    c.setSpec(spec);
    return c;
  }

  static PowerProfile withCStates(Map<String, Boolean> names, Long maxLatencyUs) {
    PowerProfile p = profile("low-latency", 1000, 2000, "performance");
    p.getSpec().setCstates(new ProfileCStates(names, maxLatencyUs));
    return p;
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of(
            "deniesC0InAProfile",
            withCStates(Map.of("C0", false), null),
            "spec.cstates.names.C0: C0 is the running state, not an idle state; name one of POLL,"
                + " C1, C1E, C6, C8, C10"),
        Arguments.of(
            "deniesAStateNoTargetedNodeHas",
            withCStates(Map.of("C7", false), null),
            "spec.cstates.names.C7: \"C7\" is not an idle state of any targeted node; they have"
                + " POLL, C1, C1E, C6, C8, C10"),
        Arguments.of(
            "deniesNamesWithMaxLatency",
            withCStates(Map.of("C6", false), 10L),
            "spec.cstates: set either names or maxLatencyUs, not both (names [C6], maxLatencyUs"
                + " 10)"),
        Arguments.of(
            "deniesEmptyNames",
            withCStates(Map.of(), null),
            "spec.cstates.names: names is empty; name 1 to 16 states"),
        Arguments.of(
            "deniesCStatesNamedAfterNoPowerNode",
            cstates("node-9", Map.of("C1", true), null, null),
            "metadata.name: \"node-9\" is not a power node (known: node-1, node-2); name the"
                + " CStates after its node or set nodeSelector"),
        Arguments.of(
            "deniesExclusiveKeyThatIsNoProfile",
            cstates("node-1", null, Map.of("nosuch", Map.of("C1", false)), null),
            "spec.exclusivePoolCStates[nosuch]: \"nosuch\" is not an existing PowerProfile (known:"
                + " performance, performance-node-1, shared)"),
        Arguments.of(
            "deniesCoreKeyThatIsNotDecimal",
            cstates("node-1", null, null, Map.of("cpu3", Map.of("C1", false))),
            "spec.individualCoreCStates[cpu3]: \"cpu3\" is not a decimal CPU id"),
        Arguments.of(
            "deniesCoreKeyThatIsNotOnline",
            cstates("node-1", null, null, Map.of("12", Map.of("C1", false))),
            "spec.individualCoreCStates[12]: cpu 12 is not online on node-1 (online 0-7)"),
        Arguments.of(
            "deniesASecondObjectForOneNode",
            selecting("hybrid-nodes", "hybrid", "true"),
            "spec.nodeSelector: CStates node-2 already targets node node-2; one CStates object per"
                + " node"),
        Arguments.of(
            "deniesC0InTheSharedPool",
            cstates("node-1", Map.of("C0", false), null, null),
            "spec.sharedPoolCStates.C0: C0 is the running state, not an idle state; name one of"
                + " POLL, C1, C1E, C6"));
  }

  static CStates selecting(String name, String key, String value) {
    CStates c = cstates(name, Map.of("C6", false), null, null);
    c.getSpec()
        .setNodeSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(key, value)).build());
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void rejects(
      String scenario, io.fabric8.kubernetes.api.model.HasMetadata object, String message) {
    // When
    AdmissionResponse response = service.validate(request("CREATE", object));

    // Then
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage()).contains(message);
  }

  @Test
  void allowsIntelsExampleForNode1() {
    // Given
    CStates example =
        cstates(
            "node-1",
            Map.of("C1", true),
            Map.of("performance", Map.of("C1", false)),
            Map.of("5", Map.of("C1", true, "C6", false)));

    // When
    AdmissionResponse response = service.validate(request("CREATE", example));

    // Then
    assertThat(response.getAllowed()).as(String.valueOf(response.getStatus())).isTrue();
    assertThat(response.getWarnings())
        .singleElement()
        .asString()
        .contains("C1 is disabled while the deeper C1E is left enabled");
  }

  @Test
  void warnsThroughAdmissionWarningsWhenAStateIsUnknownOnSomeNodes() {
    // When
    AdmissionResponse response =
        service.validate(request("CREATE", withCStates(Map.of("C10", false), null)));

    // Then
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getWarnings())
        .contains(
            "spec.cstates.names.C10: \"C10\" is not an idle state of node node-1; it is ignored"
                + " there");
  }

  @Test
  void allowsALatencyBoundProfile() {
    // When
    AdmissionResponse response = service.validate(request("CREATE", withCStates(null, 10L)));

    // Then
    assertThat(response.getAllowed()).isTrue();
  }

  @Test
  void deniesDeletingAProfileACStatesObjectNames() {
    // When
    AdmissionResponse response =
        service.validate(
            request("DELETE", null, profile("performance", null, null, "performance"), null));

    // Then
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .contains(
            "power profile \"performance\" is named in exclusivePoolCStates of CStates node-2");
  }
}
