package io.powermanager.charts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the chart once per argument list and class. Every test that needs helm extends it;
 * without helm each test fails, with {@link Helm#INSTALL_HINT} as the reason (checked in
 * {@code @BeforeEach}, not {@code @BeforeAll}, so the report counts and explains every failure).
 */
abstract class ChartFixture {

  @TempDir static Path scratch;

  private static Helm helm;
  private static final Map<List<String>, RenderedChart> RENDERED = new ConcurrentHashMap<>();

  @BeforeAll
  static void forgetOtherClassesRenderings() {
    RENDERED.clear();
  }

  @BeforeEach
  void findHelm() {
    helm = Helm.require(scratch);
  }

  static Helm helm() {
    return helm;
  }

  static RenderedChart render(ValueSet values) {
    return render(values.args());
  }

  static RenderedChart render(ValueSet values, String... moreArgs) {
    var args = new ArrayList<>(values.args());
    args.addAll(List.of(moreArgs));
    return render(args);
  }

  static RenderedChart render(List<String> args) {
    return RENDERED.computeIfAbsent(
        List.copyOf(args),
        a -> RenderedChart.parse(helm.template(ValueSet.RELEASE, ValueSet.NAMESPACE, a)));
  }
}
