package io.powermanager.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a rule check found: every violation (the object must be denied) and every warning (legal but
 * suspicious; the object is allowed). Immutable.
 */
public record RuleResult(List<Violation> violations, List<String> warnings) {

  private static final RuleResult OK = new RuleResult(List.of(), List.of());

  public RuleResult {
    violations = List.copyOf(violations);
    warnings = List.copyOf(warnings);
  }

  public static RuleResult ok() {
    return OK;
  }

  public static RuleResult of(List<Violation> violations) {
    return new RuleResult(violations, List.of());
  }

  public boolean allowed() {
    return violations.isEmpty();
  }

  /** All violations in one line, separated by {@code "; "} — the message a user sees. */
  public String message() {
    return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  public RuleResult and(RuleResult other) {
    if (other.violations.isEmpty() && other.warnings.isEmpty()) {
      return this;
    }
    List<Violation> v = new ArrayList<>(violations);
    v.addAll(other.violations);
    List<String> w = new ArrayList<>(warnings);
    w.addAll(other.warnings);
    return new RuleResult(v, w);
  }

  /** Collects violations and warnings while a rule runs. Not thread-safe. */
  public static final class Builder {
    private final List<Violation> violations = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public Builder violation(String field, String message) {
      violations.add(new Violation(field, message));
      return this;
    }

    public Builder violations(List<Violation> more) {
      violations.addAll(more);
      return this;
    }

    public Builder warning(String message) {
      warnings.add(message);
      return this;
    }

    public boolean hasViolations() {
      return !violations.isEmpty();
    }

    public RuleResult build() {
      return new RuleResult(violations, warnings);
    }
  }
}
