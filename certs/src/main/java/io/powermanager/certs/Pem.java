package io.powermanager.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * PEM text to and from JDK types. Certificates are {@code CERTIFICATE} blocks; keys are written as
 * PKCS#8 {@code PRIVATE KEY} and read from PKCS#8, SEC1 {@code EC PRIVATE KEY} or PKCS#1 {@code RSA
 * PRIVATE KEY} (what cert-manager writes by default). Stateless and thread-safe.
 */
public final class Pem {
  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
  private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS =
      Map.of(
          X9ObjectIdentifiers.id_ecPublicKey, "EC",
          PKCSObjectIdentifiers.rsaEncryption, "RSA",
          EdECObjectIdentifiers.id_Ed25519, "Ed25519");
  private static final byte[] PROBE =
      "power-manager key pair probe".getBytes(StandardCharsets.UTF_8);

  private Pem() {}

  /** One {@code CERTIFICATE} block, ending with a newline. */
  public static String encode(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new CertificateMaterialException(
          "cannot encode certificate " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** Several {@code CERTIFICATE} blocks, concatenated in order. */
  public static String encode(List<X509Certificate> certificates) {
    var pem = new StringBuilder();
    certificates.forEach(c -> pem.append(encode(c)));
    return pem.toString();
  }

  /** One PKCS#8 {@code PRIVATE KEY} block, ending with a newline. */
  public static String encode(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new CertificateMaterialException(
          "private key format " + key.getFormat() + " is not PKCS#8");
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  /**
   * Every {@code CERTIFICATE} block of {@code pem}, in order.
   *
   * @throws CertificateMaterialException if the text holds no certificate or a broken one
   */
  public static List<X509Certificate> certificates(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new CertificateMaterialException("certificate PEM is empty");
    }
    try {
      var factory = CertificateFactory.getInstance("X.509");
      var parsed =
          factory.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      var result = new ArrayList<X509Certificate>(parsed.size());
      parsed.forEach(c -> result.add((X509Certificate) c));
      if (result.isEmpty()) {
        throw new CertificateMaterialException("certificate PEM holds no certificate");
      }
      return List.copyOf(result);
    } catch (CertificateException e) {
      throw new CertificateMaterialException(
          "certificate PEM is not readable: " + e.getMessage(), e);
    }
  }

  /** The first {@code CERTIFICATE} block of {@code pem}. */
  public static X509Certificate certificate(String pem) {
    return certificates(pem).get(0);
  }

  /**
   * The private key of the first key block in {@code pem} (PKCS#8, SEC1 EC or PKCS#1 RSA).
   *
   * @throws CertificateMaterialException if there is no key, it is encrypted, or of an unknown type
   */
  public static PrivateKey privateKey(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new CertificateMaterialException("private key PEM is empty");
    }
    try (var parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof PrivateKeyInfo info) {
          return toPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return toPrivateKey(pair.getPrivateKeyInfo());
        }
      }
      throw new CertificateMaterialException(
          "private key PEM holds no unencrypted PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY");
    } catch (IOException e) {
      throw new CertificateMaterialException(
          "private key PEM is not readable: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code key} is the private half of {@code publicKey}: a signature made with the key
   * verifies with the public key.
   */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      var algorithm = signatureAlgorithm(key);
      var signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      var signature = signer.sign();
      var verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default ->
          throw new CertificateMaterialException(
              "private key algorithm " + key.getAlgorithm() + " is not EC, RSA or Ed25519");
    };
  }

  private static PrivateKey toPrivateKey(PrivateKeyInfo info) throws IOException {
    var oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    var algorithm = KEY_ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new CertificateMaterialException("private key algorithm " + oid + " is not supported");
    }
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new CertificateMaterialException(
          "private key is not a valid " + algorithm + " key: " + e.getMessage(), e);
    }
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
