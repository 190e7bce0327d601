package io.powermanager.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceNamesTest {

  @Test
  void namesServiceShortNamespacedSvcAndClusterLocal() {
    // When
    var names = ServiceNames.sans("power-webhook", "power");

    // Then
    assertThat(names)
        .containsExactly(
            "power-webhook",
            "power-webhook.power",
            "power-webhook.power.svc",
            "power-webhook.power.svc.cluster.local");
  }

  @Test
  void appendsExtraNamesLowerCasedWithoutRepeats() {
    // When
    var names =
        ServiceNames.sans("svc", "ns", List.of("Webhook.Example.COM", "svc.ns.svc", "localhost"));

    // Then
    assertThat(names)
        .containsExactly(
            "svc",
            "svc.ns",
            "svc.ns.svc",
            "svc.ns.svc.cluster.local",
            "webhook.example.com",
            "localhost");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Power", "-svc", "svc-", "s_vc", "s.vc"})
  void rejectsServiceThatIsNotADnsLabel(String service) {
    assertThatThrownBy(() -> ServiceNames.sans(service, "power"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("service '" + service + "' is not a DNS-1123 label");
  }

  @Test
  void rejectsNamespaceThatIsNotADnsLabel() {
    assertThatThrownBy(() -> ServiceNames.sans("svc", "Power_System"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("namespace 'Power_System' is not a DNS-1123 label");
  }

  @Test
  void rejectsExtraNameThatIsNotADnsName() {
    assertThatThrownBy(() -> ServiceNames.sans("svc", "ns", List.of("bad name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("extraDnsNames 'bad name' is not a valid DNS name");
  }

  @Test
  void canonicalisesIpAddressesWithoutRepeats() {
    // When
    var request =
        LeafRequest.forService(
            "svc",
            "ns",
            List.of(),
            List.of("127.0.0.1", "::1", "0:0:0:0:0:0:0:1"),
            Duration.ofDays(1));

    // Then
    assertThat(request.ipAddresses()).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(request.commonName()).isEqualTo("svc.ns.svc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "300.1.1.1", "10.0.0", ""})
  void rejectsIpThatIsNotAnAddressLiteral(String ip) {
    assertThatThrownBy(
            () -> LeafRequest.forService("svc", "ns", List.of(), List.of(ip), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ipAddresses '" + ip + "' is not an IPv4 or IPv6 address");
  }

  @Test
  void rejectsNonPositiveValidity() {
    assertThatThrownBy(
            () -> LeafRequest.forService("svc", "ns", List.of(), List.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validity PT0S must be positive");
  }
}
