package io.powermanager.domain;

/**
 * The Kubernetes name grammars (apimachinery {@code validation.go}), as pure predicates. Scanned by
 * hand (they run on every admission review); each method names its regular expression.
 */
public final class KubernetesNames {

  private KubernetesNames() {}

  /**
   * An object name such as a Pod's or a custom resource's: at most 253 characters of {@code
   * [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*}.
   */
  public static boolean isDns1123Subdomain(String value) {
    return value != null && value.length() <= 253 && isSubdomain(value, 0, value.length());
  }

  /**
   * A namespace name or a Service name: at most 63 characters of {@code
   * [a-z0-9]([-a-z0-9]*[a-z0-9])?}.
   */
  public static boolean isDns1123Label(String value) {
    if (value == null || value.isEmpty() || value.length() > 63) {
      return false;
    }
    int last = value.length() - 1;
    if (!isLowerAlphanumeric(value.charAt(0)) || !isLowerAlphanumeric(value.charAt(last))) {
      return false;
    }
    for (int i = 1; i < last; i++) {
      char c = value.charAt(i);
      if (!isLowerAlphanumeric(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  /**
   * A label key or an extended resource name: an optional DNS subdomain prefix and a slash, then a
   * name part of at most 63 characters of {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}.
   */
  public static boolean isQualifiedName(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    int slash = value.indexOf('/');
    int nameStart = 0;
    if (slash >= 0) {
      if (slash == 0 || slash > 253 || !isSubdomain(value, 0, slash)) {
        return false;
      }
      nameStart = slash + 1;
    }
    int nameLength = value.length() - nameStart;
    return nameLength > 0 && nameLength <= 63 && isNamePart(value, nameStart, value.length());
  }

  /**
   * A label value: empty, or at most 63 characters of {@code
   * ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}.
   */
  public static boolean isLabelValue(String value) {
    return value != null
        && value.length() <= 63
        && (value.isEmpty() || isNamePart(value, 0, value.length()));
  }

  /** {@code value[from, to)} is a non-empty run of dot-separated DNS-1123 labels. */
  private static boolean isSubdomain(String value, int from, int to) {
    if (from >= to) {
      return false;
    }
    char previous = '.';
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c == '.' || c == '-') {
        if (c == '.' ? !isLowerAlphanumeric(previous) : previous == '.') {
          return false; // a label may neither be empty nor start or end with '-'
        }
      } else if (!isLowerAlphanumeric(c)) {
        return false;
      }
      previous = c;
    }
    return isLowerAlphanumeric(previous);
  }

  /**
   * {@code value[from, to)}, not empty, matches {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}.
   */
  private static boolean isNamePart(String value, int from, int to) {
    if (!isAlphanumeric(value.charAt(from)) || !isAlphanumeric(value.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = value.charAt(i);
      if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isAlphanumeric(char c) {
    return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
  }
}
