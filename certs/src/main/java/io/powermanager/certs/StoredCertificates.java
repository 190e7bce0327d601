package io.powermanager.certs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The four PEM entries of the webhook certificate Secret; an entry that is missing is empty.
 *
 * @param caCertificatesPem {@code ca.crt}: the signing CA first, then CAs being retired (the
 *     webhook {@code caBundle} is exactly this)
 * @param caKeyPem {@code ca.key}: the signing CA's key
 * @param certificatePem {@code tls.crt}: the serving certificate
 * @param privateKeyPem {@code tls.key}: the serving key
 */
public record StoredCertificates(
    String caCertificatesPem, String caKeyPem, String certificatePem, String privateKeyPem) {
  public static final String CA_CERTIFICATES = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String CERTIFICATE = "tls.crt";
  public static final String PRIVATE_KEY = "tls.key";

  public StoredCertificates {
    Objects.requireNonNull(caCertificatesPem, "caCertificatesPem");
    Objects.requireNonNull(caKeyPem, "caKeyPem");
    Objects.requireNonNull(certificatePem, "certificatePem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
  }

  /** No Secret yet. */
  public static StoredCertificates empty() {
    return new StoredCertificates("", "", "", "");
  }

  /**
   * The entries of a Secret's {@code data} map (base64 values); missing or undecodable entries are
   * empty.
   */
  public static StoredCertificates fromSecretData(Map<String, String> data) {
    if (data == null) {
      return empty();
    }
    return new StoredCertificates(
        decode(data.get(CA_CERTIFICATES)),
        decode(data.get(CA_KEY)),
        decode(data.get(CERTIFICATE)),
        decode(data.get(PRIVATE_KEY)));
  }

  /** The four entries as a Secret's {@code data} map (base64 values). */
  public Map<String, String> toSecretData() {
    var data = new LinkedHashMap<String, String>();
    data.put(CA_CERTIFICATES, encode(caCertificatesPem));
    data.put(CA_KEY, encode(caKeyPem));
    data.put(CERTIFICATE, encode(certificatePem));
    data.put(PRIVATE_KEY, encode(privateKeyPem));
    return data;
  }

  /** The files a serving replica needs: trust bundle, certificate and key (never the CA key). */
  public CertificateFiles.Contents servingFiles() {
    return new CertificateFiles.Contents(caCertificatesPem, certificatePem, privateKeyPem);
  }

  @Override
  public String toString() {
    return "StoredCertificates[caCertificatesPem, caKeyPem=<redacted>, certificatePem,"
        + " privateKeyPem=<redacted>]";
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return "";
    }
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
