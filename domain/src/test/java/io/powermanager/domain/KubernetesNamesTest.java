package io.powermanager.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KubernetesNamesTest {

  @Test
  void acceptsAndRejectsObjectNames() {
    assertThat(KubernetesNames.isDns1123Subdomain("shared-node-1-workload")).isTrue();
    assertThat(KubernetesNames.isDns1123Subdomain("a.b-c")).isTrue();
    assertThat(KubernetesNames.isDns1123Subdomain("shared-<NODE_NAME>-workload")).isFalse();
    assertThat(KubernetesNames.isDns1123Subdomain("Upper")).isFalse();
    assertThat(KubernetesNames.isDns1123Subdomain("x".repeat(254))).isFalse();
    assertThat(KubernetesNames.isDns1123Label("power-manager")).isTrue();
    assertThat(KubernetesNames.isDns1123Label("a.b")).isFalse();
  }

  @Test
  void acceptsAndRejectsLabelKeysAndValues() {
    assertThat(KubernetesNames.isQualifiedName("kubernetes.io/hostname")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("feature.node.kubernetes.io/appqos-node")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("power.intel.com/balance-power")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("/x")).isFalse();
    assertThat(KubernetesNames.isQualifiedName("a/b/c")).isFalse();
    assertThat(KubernetesNames.isQualifiedName("-x")).isFalse();
    assertThat(KubernetesNames.isLabelValue("true")).isTrue();
    assertThat(KubernetesNames.isLabelValue("")).isTrue();
    assertThat(KubernetesNames.isLabelValue("a b")).isFalse();
  }

  /** The grammars as apimachinery writes them: the reference for the hand-written scanners. */
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME_PART =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  @Test
  void scannersAgreeWithTheRegularExpressionsOnGeneratedNames() {
    // Given
    List<String> names = generatedNames(new Random(20_261_130L), 100_000);

    // When
    List<String> different =
        names.stream()
            .filter(
                n ->
                    differs(n, KubernetesNames::isDns1123Label, KubernetesNamesTest::label)
                        || differs(
                            n, KubernetesNames::isDns1123Subdomain, KubernetesNamesTest::subdomain)
                        || differs(
                            n, KubernetesNames::isQualifiedName, KubernetesNamesTest::qualified)
                        || differs(n, KubernetesNames::isLabelValue, KubernetesNamesTest::value))
            .toList();

    // Then
    assertThat(different).isEmpty();
    assertThat(names.stream().filter(KubernetesNames::isQualifiedName).count())
        .as("the generated names include valid ones")
        .isGreaterThan(10_000);
  }

  /** Names over the grammars' alphabet and a few strangers, some long, some with a prefix. */
  static List<String> generatedNames(Random random, int count) {
    String alphabet = "abz09-._/A";
    String strangers = "Z_ é\u0660/";
    List<String> names = new ArrayList<>();
    names.add(null);
    names.add("");
    names.add("a".repeat(63));
    names.add("a".repeat(64));
    names.add("a".repeat(253) + "/b");
    names.add("a".repeat(254) + "/b");
    names.add("a/" + "b".repeat(63));
    names.add("a/" + "b".repeat(64));
    names.add("a.".repeat(126) + "b");
    names.add("a.".repeat(127) + "b");
    for (int i = 0; i < count; i++) {
      int length = random.nextInt(10) == 0 ? 60 + random.nextInt(200) : random.nextInt(12);
      StringBuilder name = new StringBuilder();
      for (int c = 0; c < length; c++) {
        String from = random.nextInt(20) == 0 ? strangers : alphabet;
        name.append(from.charAt(random.nextInt(from.length())));
      }
      names.add(name.toString());
    }
    return names;
  }

  private static boolean differs(
      String name, Predicate<String> scanner, Predicate<String> reference) {
    return scanner.test(name) != reference.test(name);
  }

  private static boolean label(String v) {
    return v != null && v.length() <= 63 && DNS1123_LABEL.matcher(v).matches();
  }

  private static boolean subdomain(String v) {
    return v != null && v.length() <= 253 && DNS1123_SUBDOMAIN.matcher(v).matches();
  }

  private static boolean qualified(String v) {
    if (v == null || v.isEmpty()) {
      return false;
    }
    int slash = v.indexOf('/');
    String name = v;
    if (slash >= 0) {
      String prefix = v.substring(0, slash);
      name = v.substring(slash + 1);
      if (prefix.isEmpty() || !subdomain(prefix)) {
        return false;
      }
    }
    return name.length() <= 63 && QUALIFIED_NAME_PART.matcher(name).matches();
  }

  private static boolean value(String v) {
    return v != null && v.length() <= 63 && LABEL_VALUE.matcher(v).matches();
  }
}
