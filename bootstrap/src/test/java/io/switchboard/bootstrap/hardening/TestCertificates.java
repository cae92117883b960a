package io.switchboard.bootstrap.hardening;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificate authorities and certificates made at test time (no key is ever checked in). */
public final class TestCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCertificates() {}

  /**
   * A CA that signs certificates for localhost / 127.0.0.1, usable by servers and clients alike.
   */
  public record Authority(String name, KeyPair keys, X509Certificate certificate) {

    public static Authority create(String name) {
      KeyPair keys = rsa();
      X500Name subject = new X500Name("CN=" + name);
      return new Authority(
          name, keys, sign(subject, keys.getPublic(), subject, keys.getPrivate(), true));
    }

    public Issued issue(String commonName) {
      KeyPair leafKeys = rsa();
      return new Issued(
          leafKeys.getPrivate(),
          sign(
              new X500Name("CN=" + commonName),
              leafKeys.getPublic(),
              new X500Name("CN=" + name),
              keys.getPrivate(),
              false));
    }

    public Path writeCertificate(Path file) throws IOException {
      return writeAtomically(file, pem("CERTIFICATE", encoded(certificate)));
    }

    /** A client-side context trusting only this CA. */
    SSLContext trustingContext() throws GeneralSecurityException, IOException {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", certificate);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    }
  }

  /** A certificate and its private key. */
  public record Issued(PrivateKey key, X509Certificate certificate) {

    /**
     * PEM certificate and PKCS#8 PEM key, each replaced in one rename (a watcher never sees half a
     * file).
     */
    public void writeTo(Path certFile, Path keyFile) throws IOException {
      writeAtomically(keyFile, pem("PRIVATE KEY", key.getEncoded()));
      writeAtomically(certFile, pem("CERTIFICATE", encoded(certificate)));
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(
      X500Name subject,
      java.security.PublicKey publicKey,
      X500Name issuer,
      PrivateKey issuerKey,
      boolean authority) {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(64, RANDOM).abs(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(2))),
              subject,
              publicKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
      if (authority) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static Path writeAtomically(Path file, String content) throws IOException {
    Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".writing", ".pem");
    Files.writeString(temporary, content);
    return Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
