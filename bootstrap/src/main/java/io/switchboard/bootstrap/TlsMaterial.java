package io.switchboard.bootstrap;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server certificate and key (and, for mTLS, the CA that signs gRPC callers' certificates) from
 * PEM files, checked every reload interval and re-read when they changed: a rotated certificate
 * serves every new handshake without a restart; connections already open keep theirs. A file that
 * cannot be used at startup is a configuration error; a broken file later (half written, a key that
 * does not match its certificate) keeps the last good material and is logged. grpc-java's own file
 * reloader checks at most once a minute and swaps a key before its certificate is replaced; this
 * one checks at any interval and swaps the pair only when the key signs for the certificate.
 */
final class TlsMaterial implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TlsMaterial.class);

  private final Config.Tls files;
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final Optional<AdvancedTlsX509TrustManager> clientTrust;
  private final ScheduledExecutorService reloader;
  private List<Object> identityVersion;
  private List<Object> clientCaVersion;

  private TlsMaterial(Config.Tls files, Optional<AdvancedTlsX509TrustManager> clientTrust) {
    this.files = files;
    this.clientTrust = clientTrust;
    this.reloader =
        Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "tls-reload");
          thread.setDaemon(true);
          return thread;
        });
  }

  static TlsMaterial load(Config.Tls files) {
    Optional<AdvancedTlsX509TrustManager> clientTrust = Optional.empty();
    if (files.clientCaFile().isPresent()) {
      try {
        // callers are checked against the CA only: their host names mean nothing to a server
        clientTrust =
            Optional.of(
                AdvancedTlsX509TrustManager.newBuilder()
                    .setVerification(
                        AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                    .build());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK offers no X.509 trust manager", e);
      }
    }
    TlsMaterial material = new TlsMaterial(files, clientTrust);
    try {
      material.reloadIdentity();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      material.close();
      throw new ConfigException(
          Config.TLS_CERT_FILE,
          "cannot use "
              + files.certFile()
              + " with the key "
              + files.keyFile()
              + " (a PEM certificate chain and a PKCS#8 PEM key expected): "
              + e.getMessage(),
          e);
    }
    try {
      material.reloadClientCa();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      material.close();
      throw new ConfigException(
          Config.TLS_CLIENT_CA_FILE,
          "cannot read the CA certificates in "
              + files.clientCaFile().orElseThrow()
              + ": "
              + e.getMessage(),
          e);
    }
    long period = files.reloadInterval().toMillis();
    material.reloader.scheduleWithFixedDelay(
        material::reloadQuietly, period, period, TimeUnit.MILLISECONDS);
    return material;
  }

  /**
   * TLS for gRPC (HTTP/2 negotiated with ALPN); with a client CA, callers without a certificate it
   * signed are refused.
   */
  ServerCredentials grpcCredentials() {
    TlsServerCredentials.Builder credentials =
        TlsServerCredentials.newBuilder().keyManager(keyManager);
    clientTrust.ifPresent(trust ->
        credentials.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE));
    return credentials.build();
  }

  /**
   * The server side of HTTPS for the REST port: no client certificates (legacy REST clients have
   * none).
   */
  SSLContext httpsContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keyManager}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS", e);
    }
  }

  boolean requiresClientCertificates() {
    return clientTrust.isPresent();
  }

  private void reloadQuietly() {
    try {
      reloadIdentity();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      log.warn(
          "TLS certificate {} / key {} not reloaded, still serving the previous ones: {}",
          files.certFile(),
          files.keyFile(),
          e.toString());
    }
    try {
      reloadClientCa();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      log.warn(
          "TLS client CA {} not reloaded, still trusting the previous one: {}",
          files.clientCaFile().orElseThrow(),
          e.toString());
    }
  }

  private void reloadIdentity() throws IOException, GeneralSecurityException {
    List<Object> version = List.of(version(files.certFile()), version(files.keyFile()));
    if (version.equals(identityVersion)) {
      return;
    }
    X509Certificate[] chain = certificates(files.certFile());
    PrivateKey key;
    try (InputStream in = Files.newInputStream(files.keyFile())) {
      key = CertificateUtils.getPrivateKey(in);
    }
    requireMatching(key, chain[0]);
    keyManager.updateIdentityCredentials(chain, key);
    if (identityVersion != null) {
      log.info(
          "TLS certificate reloaded from {}: {}, valid until {}",
          files.certFile(),
          chain[0].getSubjectX500Principal().getName(),
          chain[0].getNotAfter().toInstant());
    }
    identityVersion = version;
  }

  private void reloadClientCa() throws IOException, GeneralSecurityException {
    if (clientTrust.isEmpty()) {
      return;
    }
    Path file = files.clientCaFile().orElseThrow();
    List<Object> version = List.of(version(file));
    if (version.equals(clientCaVersion)) {
      return;
    }
    clientTrust.get().updateTrustCredentials(certificates(file));
    if (clientCaVersion != null) {
      log.info("TLS client CA reloaded from {}", file);
    }
    clientCaVersion = version;
  }

  /** Modification time and size: a replaced file changes one of them. */
  private static List<Object> version(Path file) throws IOException {
    return List.of(Files.getLastModifiedTime(file), Files.size(file));
  }

  private static X509Certificate[] certificates(Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      X509Certificate[] chain = CertificateUtils.getX509Certificates(in);
      if (chain.length == 0) {
        throw new GeneralSecurityException("no certificate in " + file);
      }
      return chain;
    }
  }

  /**
   * A key that does not sign for the certificate (caught between two file writes) must not replace
   * a good pair.
   */
  private static void requireMatching(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    String algorithm =
        switch (Objects.requireNonNull(key.getAlgorithm())) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(challenge);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the private key does not belong to the certificate");
    }
  }

  @Override
  public void close() {
    reloader.shutdownNow();
  }
}
