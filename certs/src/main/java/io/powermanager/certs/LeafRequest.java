package io.powermanager.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.util.IPAddress;

/**
 * What a serving certificate must say: a subject common name, its subject alternative names and how
 * long it lasts. DNS names are lower-cased and IP addresses put in the JDK's canonical text form;
 * repeats are dropped. The certificate is always for TLS server and client authentication.
 *
 * @param commonName subject CN (informational; clients check the SANs)
 * @param dnsNames DNS SANs, at least one name or address in total
 * @param ipAddresses IP address SANs, as IPv4 or IPv6 literals (never resolved)
 * @param validity how long after issuance the certificate expires; positive
 */
public record LeafRequest(
    String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {

  public LeafRequest {
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(validity, "validity");
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("commonName must not be blank");
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity " + validity + " must be positive");
    }
    dnsNames = normalisedDnsNames(dnsNames);
    ipAddresses = normalisedIps(ipAddresses);
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one DNS name or IP address");
    }
  }

  /**
   * A serving certificate for Service {@code service} in {@code namespace}: the names of {@link
   * ServiceNames#sans(String, String)}, then the extras; the CN is {@code service.namespace.svc}.
   */
  public static LeafRequest forService(
      String service,
      String namespace,
      List<String> extraDnsNames,
      List<String> extraIpAddresses,
      Duration validity) {
    var names = ServiceNames.sans(service, namespace, extraDnsNames);
    return new LeafRequest(names.get(2), names, extraIpAddresses, validity);
  }

  /** {@code ip} in the JDK's canonical text form (IPv6 uncompressed), without a DNS lookup. */
  static String canonicalIp(String field, String ip) {
    if (ip == null || !IPAddress.isValid(ip)) {
      throw new IllegalArgumentException(field + " '" + ip + "' is not an IPv4 or IPv6 address");
    }
    try {
      return InetAddress.getByName(ip).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(field + " '" + ip + "' is not an IP address", e);
    }
  }

  private static List<String> normalisedDnsNames(List<String> names) {
    Objects.requireNonNull(names, "dnsNames");
    var result = new LinkedHashSet<String>();
    names.forEach(n -> result.add(ServiceNames.dnsName("dnsNames", n)));
    return List.copyOf(new ArrayList<>(result));
  }

  private static List<String> normalisedIps(List<String> ips) {
    Objects.requireNonNull(ips, "ipAddresses");
    var result = new LinkedHashSet<String>();
    ips.forEach(ip -> result.add(canonicalIp("ipAddresses", ip)));
    return List.copyOf(new ArrayList<>(result));
  }
}
