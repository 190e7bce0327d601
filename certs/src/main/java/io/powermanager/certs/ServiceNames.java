package io.powermanager.certs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The DNS names under which a Kubernetes Service is reached from inside the cluster. */
public final class ServiceNames {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(\\*\\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

  private ServiceNames() {}

  /**
   * {@code S}, {@code S.N}, {@code S.N.svc} and {@code S.N.svc.cluster.local} for service {@code S}
   * in namespace {@code N}: the API server calls a webhook at {@code S.N.svc}.
   *
   * @throws IllegalArgumentException naming the field if either is not a DNS-1123 label
   */
  public static List<String> sans(String service, String namespace) {
    requireLabel("service", service);
    requireLabel("namespace", namespace);
    return List.of(
        service,
        service + "." + namespace,
        service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }

  /**
   * {@link #sans(String, String)} followed by {@code extraDnsNames}, lower-cased, without repeats.
   */
  public static List<String> sans(String service, String namespace, List<String> extraDnsNames) {
    var names = new LinkedHashSet<>(sans(service, namespace));
    extraDnsNames.forEach(n -> names.add(dnsName("extraDnsNames", n)));
    return List.copyOf(new ArrayList<>(names));
  }

  /**
   * {@code name} lower-cased, if it is a valid DNS name (a leading {@code *.} wildcard allowed).
   *
   * @throws IllegalArgumentException naming {@code field} and the value otherwise
   */
  static String dnsName(String field, String name) {
    if (name == null) {
      throw new IllegalArgumentException(field + " must not contain null");
    }
    var lower = name.toLowerCase(Locale.ROOT);
    if (lower.length() > 253 || !DNS_NAME.matcher(lower).matches()) {
      throw new IllegalArgumentException(field + " '" + name + "' is not a valid DNS name");
    }
    return lower;
  }

  private static void requireLabel(String field, String value) {
    if (value == null || !DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " '" + value + "' is not a DNS-1123 label (lower-case alphanumerics and '-')");
    }
  }
}
