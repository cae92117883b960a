package io.switchboard.bootstrap;

import io.switchboard.application.port.WebhookSender;
import io.switchboard.domain.routing.HttpsUrl;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts webhook messages with the JDK's HTTP client: HTTPS only, redirects not followed (a redirect
 * could lead anywhere), one timeout for the whole attempt. Unless private targets are allowed
 * (tests on loopback), every name is resolved through {@link OutboundAddressGuard} on the client's
 * own threads, which refuses non-public addresses at connect time. The response body is discarded.
 */
final class HttpWebhookSender implements WebhookSender, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpWebhookSender.class);

  private final HttpClient client;
  private final ExecutorService executor;
  private final Duration timeout;
  private final boolean guarded;

  HttpWebhookSender(Duration timeout, boolean allowPrivateTargets, Optional<Path> trustCaFile) {
    this.timeout = timeout;
    this.guarded = !allowPrivateTargets;
    if (guarded && !OutboundAddressGuard.installed()) {
      throw new IllegalStateException(
          "the outbound address guard is not the JVM's resolver (META-INF/services missing):"
              + " webhooks could be aimed at private addresses");
    }
    this.executor =
        Executors.newCachedThreadPool(
            Thread.ofPlatform().name("webhook-http-", 0).daemon().factory());
    var builder =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .executor(
                guarded ? task -> executor.execute(OutboundAddressGuard.guarding(task)) : executor);
    trustCaFile.ifPresent(file -> builder.sslContext(trusting(file)));
    this.client = builder.build();
  }

  @Override
  public Response post(HttpsUrl url, Map<String, String> headers, byte[] body) {
    var request =
        HttpRequest.newBuilder(URI.create(url.value()))
            .timeout(timeout)
            .header("content-type", "application/json")
            .header("user-agent", "Switchboard-Webhooks/1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    long start = System.nanoTime();
    if (guarded) {
      OutboundAddressGuard.guardCurrentThread();
    }
    try {
      if (guarded) {
        Optional<String> refusal = refusal(URI.create(url.value()).getHost());
        if (refusal.isPresent()) {
          return new Failed("refused target: " + refusal.get(), since(start));
        }
      }
      HttpResponse<Void> response =
          client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      return new Answered(response.statusCode(), since(start));
    } catch (HttpTimeoutException e) {
      return new Failed("timed out after " + timeout.toMillis() + " ms", since(start));
    } catch (IOException e) {
      return new Failed(describe(e), since(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failed("interrupted (shutting down)", since(start));
    } finally {
      if (guarded) {
        OutboundAddressGuard.unguardCurrentThread();
      }
    }
  }

  /**
   * Why the host may not be called: the JVM caches answers (30 s), and the client connects to a
   * cached answer without asking the resolver again, so the addresses are judged here too. An
   * answer not in the cache is looked up on this guarded thread, through the guard; one that
   * expires before the client connects is looked up again on the client's guarded threads.
   */
  private static Optional<String> refusal(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!OutboundTargetPolicy.isPublic(address)) {
          return Optional.of(
              host + " resolves to the non-public address " + address.getHostAddress());
        }
      }
      return Optional.empty();
    } catch (java.net.UnknownHostException e) {
      return e.getMessage() != null && e.getMessage().contains("refused")
          ? Optional.of(e.getMessage())
          : Optional.empty(); // unknown: the client's own attempt says so
    }
  }

  private static String describe(IOException e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException
          && t.getMessage() != null
          && t.getMessage().contains("refused")) {
        return "refused target: " + t.getMessage();
      }
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The JDK's trusted roots and, for tests, the CA in {@code file}. */
  private static SSLContext trusting(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
      extra.load(null, null);
      int i = 0;
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        extra.setCertificateEntry("webhook-ca-" + i++, certificate);
      }
      X509TrustManager jdk = trustManager(null);
      X509TrustManager test = trustManager(extra);
      X509TrustManager either =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
              jdk.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
              try {
                jdk.checkServerTrusted(chain, authType);
              } catch (CertificateException e) {
                test.checkServerTrusted(chain, authType);
              }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              X509Certificate[] a = jdk.getAcceptedIssuers();
              X509Certificate[] b = test.getAcceptedIssuers();
              X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
              System.arraycopy(b, 0, all, a.length, b.length);
              return all;
            }
          };
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {either}, null);
      log.warn(
          "{} is set: webhook receivers' certificates may also chain to {}. This is for tests only",
          Config.WEBHOOK_TRUST_CA_FILE,
          file);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          Config.WEBHOOK_TRUST_CA_FILE, "is not a readable PEM CA certificate: " + e.getMessage());
    }
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  @Override
  public void close() {
    client.shutdownNow();
    executor.shutdownNow();
  }
}
