package io.powermanager.domain;

import java.util.regex.Pattern;

/** The Kubernetes name grammars (apimachinery {@code validation.go}), as pure predicates. */
public final class KubernetesNames {

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME_PART =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  private KubernetesNames() {}

  /** An object name such as a Pod's or a custom resource's: at most 253 characters. */
  public static boolean isDns1123Subdomain(String value) {
    return value != null && value.length() <= 253 && DNS1123_SUBDOMAIN.matcher(value).matches();
  }

  /** A namespace name or a Service name: at most 63 characters. */
  public static boolean isDns1123Label(String value) {
    return value != null && value.length() <= 63 && DNS1123_LABEL.matcher(value).matches();
  }

  /** A label key or an extended resource name: optional DNS subdomain prefix and a name part. */
  public static boolean isQualifiedName(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    int slash = value.indexOf('/');
    String name = value;
    if (slash >= 0) {
      String prefix = value.substring(0, slash);
      name = value.substring(slash + 1);
      if (prefix.isEmpty() || !isDns1123Subdomain(prefix)) {
        return false;
      }
    }
    return name.length() <= 63 && QUALIFIED_NAME_PART.matcher(name).matches();
  }

  public static boolean isLabelValue(String value) {
    return value != null && value.length() <= 63 && LABEL_VALUE.matcher(value).matches();
  }
}
