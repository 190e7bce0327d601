package io.powermanager.domain.uncore;

import static org.assertj.core.api.Assertions.assertThat;

import io.powermanager.domain.RuleResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UncoreRulesTest {

  private static final List<UncoreDomain> SPR =
      List.of(
          new UncoreDomain("package_00_die_00", 0, 0, 800_000, 2_500_000),
          new UncoreDomain("package_01_die_00", 1, 0, 1_000_000, 2_400_000));
  private static final List<UncoreDomain> SMALL =
      List.of(new UncoreDomain("package_00_die_00", 0, 0, 800_000, 2_400_000));

  private static final List<UncoreRules.PowerNodeView> NODES =
      List.of(
          new UncoreRules.PowerNodeView("node-1", Map.of("pool", "a"), SMALL),
          new UncoreRules.PowerNodeView("spr-1", Map.of("pool", "a", "cpu", "spr"), SPR),
          new UncoreRules.PowerNodeView("spr-2", Map.of("cpu", "spr"), SPR),
          new UncoreRules.PowerNodeView("acpi-1", Map.of("cpu", "acpi"), List.of()));

  private static UncoreRules.Selector sel(Integer pkg, Integer die, Long min, Long max) {
    return new UncoreRules.Selector(pkg, die, min, max);
  }

  private static UncoreRules.Request req(
      String name, Long sysMin, Long sysMax, UncoreRules.Selector... selectors) {
    return new UncoreRules.Request(name, Map.of(), sysMin, sysMax, List.of(selectors));
  }

  private static UncoreRules.Request bySelector(
      Map<String, String> selector, Long sysMin, Long sysMax, UncoreRules.Selector... selectors) {
    return new UncoreRules.Request("many", selector, sysMin, sysMax, List.of(selectors));
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of("nothing set", req("node-1", null, null), "spec", "at least one"),
        Arguments.of(
            "sysMin above sysMax",
            req("node-1", 2_000_000L, 1_500_000L),
            "spec.sysMin",
            "2000000 kHz is above spec.sysMax 1500000"),
        Arguments.of(
            "selector min above max",
            req("node-1", null, null, sel(0, 0, 2_000_000L, 1_000_000L)),
            "spec.dieSelector[0].min",
            "above"),
        Arguments.of(
            "selector without package",
            req("node-1", null, null, sel(null, 0, 1_000_000L, 2_000_000L)),
            "spec.dieSelector[0].package",
            "required"),
        Arguments.of(
            "selector without max",
            req("node-1", null, null, sel(0, 0, 1_000_000L, null)),
            "spec.dieSelector[0].max",
            "required"),
        Arguments.of(
            "duplicate package entry",
            req(
                "node-1",
                null,
                null,
                sel(0, null, 1_000_000L, 2_000_000L),
                sel(0, null, 1_100_000L, 2_000_000L)),
            "spec.dieSelector[1]",
            "package 0 is listed twice"),
        Arguments.of(
            "duplicate package and die entry",
            req(
                "node-1",
                null,
                null,
                sel(0, 0, 1_000_000L, 2_000_000L),
                sel(0, 0, 1_100_000L, 2_000_000L)),
            "spec.dieSelector[1]",
            "package 0 die 0 is listed twice"),
        Arguments.of(
            "value the driver refuses",
            req("node-1", 50_000L, null),
            "spec.sysMin",
            "outside what the driver takes"),
        Arguments.of(
            "package absent from every targeted node",
            req("node-1", null, null, sel(1, 0, 1_000_000L, 2_000_000L)),
            "spec.dieSelector[0]",
            "package 1 die 0 is not an uncore domain of node node-1"),
        Arguments.of(
            "value outside the range on every targeted node",
            req("node-1", null, 3_000_000L),
            "spec.sysMax",
            "3000000 kHz is outside the initial range of package_00_die_00 (800000-2400000 kHz)"),
        Arguments.of(
            "name that is not a power node",
            req("worker-9", 1_000_000L, null),
            "metadata.name",
            "\"worker-9\" is not a power node"),
        Arguments.of(
            "node already tuned by another Uncore",
            bySelector(Map.of("pool", "a"), 1_000_000L, null),
            "spec.nodeSelector",
            "node node-1 is already tuned by Uncore \"node-1\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void rejectsNamingTheFieldAndValue(
      String why, UncoreRules.Request request, String field, String message) {
    // When
    RuleResult result =
        UncoreRules.check(request, NODES, List.of(new UncoreRules.OtherUncore("node-1", null)));

    // Then
    assertThat(result.allowed()).as(why).isFalse();
    assertThat(result.violations())
        .as(why)
        .anySatisfy(
            v -> {
              assertThat(v.field()).isEqualTo(field);
              assertThat(v.message()).contains(message);
            });
  }

  static Stream<Arguments> warnings() {
    return Stream.of(
        Arguments.of(
            "not a multiple of 100 MHz",
            req("node-1", 1_350_000L, null),
            "spec.sysMin 1350000 kHz is not a multiple of 100000 kHz; the driver keeps 1300000 kHz"),
        Arguments.of(
            "package absent on some targeted nodes",
            bySelector(Map.of("pool", "a"), null, null, sel(1, 0, 1_000_000L, 2_000_000L)),
            "package 1 die 0 is not an uncore domain of node node-1"),
        Arguments.of(
            "value outside the range on some targeted nodes",
            bySelector(Map.of("pool", "a"), 900_000L, null),
            "spec.sysMin 900000 kHz is outside the initial range of package_01_die_00"),
        Arguments.of(
            "selector matching no power node",
            bySelector(Map.of("cpu", "arm"), 900_000L, null),
            "selects no power node"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warnings")
  void allowsWithAWarning(String why, UncoreRules.Request request, String warning) {
    // When
    RuleResult result = UncoreRules.check(request, NODES, List.of());

    // Then
    assertThat(result.allowed()).as(why + ": " + result.message()).isTrue();
    assertThat(result.warnings()).as(why).anySatisfy(w -> assertThat(w).contains(warning));
  }

  static Stream<Arguments> allowed() {
    return Stream.of(
        Arguments.of(
            "Intel's example",
            req("node-1", 1_300_000L, 2_300_000L, sel(0, 0, 1_500_000L, 2_400_000L))),
        Arguments.of("one-sided sysMax", req("spr-1", null, 2_000_000L)),
        Arguments.of(
            "package 1 only", req("spr-1", null, null, sel(1, null, 1_500_000L, 2_400_000L))),
        Arguments.of("its own name among the others", req("node-1", 1_000_000L, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allowed")
  void allowsWithoutWarnings(String why, UncoreRules.Request request) {
    // When
    RuleResult result =
        UncoreRules.check(request, NODES, List.of(new UncoreRules.OtherUncore("node-1", null)));

    // Then
    assertThat(result.violations()).as(why).isEmpty();
    assertThat(result.warnings()).as(why).isEmpty();
  }
}
