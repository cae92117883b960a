package io.switchboard.bootstrap;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.switchboard.bootstrap.hardening.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A webhook receiver on loopback: the JDK's HTTPS server with a certificate from a CA made for the
 * test (its PEM in {@link #caFile()}, for {@code SWITCHBOARD_WEBHOOK_TRUST_CA_FILE}). Records every
 * request and answers with the status {@link #answer} gives.
 */
public final class WebhookReceiver implements AutoCloseable {
  public record Received(Map<String, String> headers, String body, Instant at) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final HttpsServer server;
  private final Path caFile;
  public final List<Received> received = new CopyOnWriteArrayList<>();
  public volatile ToIntFunction<Received> answer = r -> 204;
  public volatile long delayMillis;

  public WebhookReceiver(Path directory) throws Exception {
    TestCertificates.Authority ca = TestCertificates.Authority.create("webhook-test-ca");
    TestCertificates.Issued leaf = ca.issue("localhost");
    this.caFile = ca.writeCertificate(directory.resolve("webhook-ca.pem"));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "receiver",
        leaf.key(),
        new char[0],
        new Certificate[] {leaf.certificate(), ca.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            var headers = new TreeMap<String, String>();
            exchange
                .getRequestHeaders()
                .forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(Map.copyOf(headers), body, Instant.now());
            received.add(request);
            if (delayMillis > 0) {
              try {
                Thread.sleep(delayMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            exchange.sendResponseHeaders(answer.applyAsInt(request), -1);
          } catch (IOException e) {
            // the client went away (a timeout): nothing to answer
          }
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code https://127.0.0.1:port/hook} (the certificate names 127.0.0.1 and localhost). */
  public String url() {
    return "https://127.0.0.1:" + port() + "/hook";
  }

  public Path caFile() {
    return caFile;
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
    Files.deleteIfExists(caFile);
  }
}
