package io.powermanager.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionResponsesTest {

  @Test
  void keepsEachWarningWithinTheApiServersLimits() {
    // Given
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      warnings.add(i + " " + "w".repeat(300));
    }

    // When
    AdmissionResponse response = AdmissionResponses.allowed("u", warnings);

    // Then
    assertThat(response.getWarnings()).allSatisfy(w -> assertThat(w).hasSizeLessThanOrEqualTo(256));
    assertThat(response.getWarnings().stream().mapToInt(String::length).sum())
        .isLessThanOrEqualTo(4096);
    assertThat(response.getWarnings()).last().asString().endsWith("more warnings not shown");
  }

  @Test
  void dropsRepeatedWarnings() {
    // When
    AdmissionResponse response = AdmissionResponses.allowed("u", List.of("a", "b", "a"));

    // Then
    assertThat(response.getWarnings()).containsExactly("a", "b");
  }

  @Test
  void countsTheViolationsThatDoNotFitTheMessage() {
    // Given
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      violations.add(new Violation("spec.containers[" + i + "] \"c\"", "is wrong in some way"));
    }

    // When
    AdmissionResponse response = AdmissionResponses.denied("u", RuleResult.of(violations));

    // Then
    String message = response.getStatus().getMessage();
    assertThat(message).hasSizeLessThanOrEqualTo(AdmissionResponses.MAX_MESSAGE_LENGTH);
    assertThat(message).startsWith("spec.containers[0] \"c\": is wrong in some way; ");
    assertThat(message).matches(".*; and \\d+ more violations");
  }

  @Test
  void shortensASingleHugeViolation() {
    // Given
    RuleResult result = RuleResult.of(List.of(new Violation("f", "x".repeat(10_000))));

    // When
    String message = AdmissionResponses.denied("u", result).getStatus().getMessage();

    // Then
    assertThat(message).hasSizeLessThanOrEqualTo(AdmissionResponses.MAX_MESSAGE_LENGTH);
    assertThat(message).startsWith("f: xxx").endsWith("…");
  }

  @Test
  void carriesAPatchOnlyWithItsType() {
    // When
    AdmissionResponse patched = AdmissionResponses.patched("u", "[]");
    AdmissionResponse allowed = AdmissionResponses.allowed("u", List.of());

    // Then
    assertThat(patched.getPatch()).isEqualTo("W10=");
    assertThat(patched.getPatchType()).isEqualTo("JSONPatch");
    assertThat(allowed.getPatch()).isNull();
    assertThat(allowed.getPatchType()).isNull();
  }
}
