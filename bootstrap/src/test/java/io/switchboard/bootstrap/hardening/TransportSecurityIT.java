package io.switchboard.bootstrap.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.switchboard.bootstrap.Config;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13.1: TLS on the gRPC and REST ports, mTLS on gRPC, certificates rotated without a restart,
 * and the bind address. Certificates are made by the test; clients are real (grpc-java over Netty,
 * the JDK's HTTP client, sockets).
 */
class TransportSecurityIT {

  /**
   * How long a rotated certificate may take to be served: a few reload intervals on a loaded
   * machine.
   */
  private static final Duration ROTATION_LIMIT =
      Duration.ofSeconds(Long.getLong("switchboard.test.tlsRotationLimitSeconds", 30));

  @TempDir Path work;

  @Test
  void with_tls_both_ports_answer_over_tls_and_nothing_answers_in_plaintext() throws Exception {
    TestCertificates.Authority ca = TestCertificates.Authority.create("switchboard-test-ca");
    Path cert = work.resolve("server.pem");
    Path key = work.resolve("server.key");
    ca.issue("switchboard").writeTo(cert, key);
    Path caFile = ca.writeCertificate(work.resolve("ca.pem"));

    try (InProcessService service =
        InProcessService.start(
            getClass(),
            work,
            Map.of(Config.TLS_CERT_FILE, cert.toString(), Config.TLS_KEY_FILE, key.toString()))) {
      ManagedChannel tls =
          service.channel(TlsChannelCredentials.newBuilder().trustManager(caFile.toFile()).build());
      ManagedChannel plaintext = service.channel(InsecureChannelCredentials.create());
      try {
        assertThat(
                PhoneNumberServiceGrpc.newBlockingStub(tls)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance()))
            .isNotNull();
        assertThatThrownBy(() ->
                PhoneNumberServiceGrpc.newBlockingStub(plaintext)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance()))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      } finally {
        shutdown(tls, plaintext);
      }

      HttpResponse<String> overTls = https(ca.trustingContext(), service, "/api/v1/phone-numbers");
      assertThat(overTls.statusCode()).isEqualTo(200);
      assertThat(plaintextHttpAnswer(service.httpPort()))
          .as("what a plaintext HTTP request gets back")
          .doesNotStartWith("HTTP/");
      System.out.printf(
          "RELIABILITY 13.1 TLS: gRPC over TLS OK, REST over HTTPS %d; plaintext gRPC UNAVAILABLE,"
              + " plaintext HTTP no HTTP answer%n",
          overTls.statusCode());
    }
  }

  @Test
  void with_a_client_ca_grpc_refuses_callers_without_a_certificate_it_signed() throws Exception {
    TestCertificates.Authority serverCa = TestCertificates.Authority.create("server-ca");
    TestCertificates.Authority clientCa = TestCertificates.Authority.create("client-ca");
    TestCertificates.Authority otherCa = TestCertificates.Authority.create("someone-elses-ca");
    Path cert = work.resolve("server.pem");
    Path key = work.resolve("server.key");
    serverCa.issue("switchboard").writeTo(cert, key);
    Path serverCaFile = serverCa.writeCertificate(work.resolve("server-ca.pem"));
    Path clientCaFile = clientCa.writeCertificate(work.resolve("client-ca.pem"));
    Path goodCert = work.resolve("router.pem");
    Path goodKey = work.resolve("router.key");
    clientCa.issue("call-router").writeTo(goodCert, goodKey);
    Path strangerCert = work.resolve("stranger.pem");
    Path strangerKey = work.resolve("stranger.key");
    otherCa.issue("call-router").writeTo(strangerCert, strangerKey);

    try (InProcessService service =
        InProcessService.start(
            getClass(),
            work,
            Map.of(
                Config.TLS_CERT_FILE,
                cert.toString(),
                Config.TLS_KEY_FILE,
                key.toString(),
                Config.TLS_CLIENT_CA_FILE,
                clientCaFile.toString()))) {
      ManagedChannel withCertificate =
          service.channel(
              TlsChannelCredentials.newBuilder()
                  .trustManager(serverCaFile.toFile())
                  .keyManager(goodCert.toFile(), goodKey.toFile())
                  .build());
      ManagedChannel withoutCertificate =
          service.channel(
              TlsChannelCredentials.newBuilder().trustManager(serverCaFile.toFile()).build());
      ManagedChannel withForeignCertificate =
          service.channel(
              TlsChannelCredentials.newBuilder()
                  .trustManager(serverCaFile.toFile())
                  .keyManager(strangerCert.toFile(), strangerKey.toFile())
                  .build());
      try {
        assertThat(list(withCertificate)).isNull();
        assertThat(list(withoutCertificate)).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(list(withForeignCertificate)).isEqualTo(Status.Code.UNAVAILABLE);
      } finally {
        shutdown(withCertificate, withoutCertificate, withForeignCertificate);
      }
      System.out.println(
          "RELIABILITY 13.1 mTLS: caller with a client-CA certificate served; no certificate and"
              + " a foreign CA's certificate refused at the handshake (UNAVAILABLE)");
    }
  }

  @Test
  void a_rotated_certificate_is_served_without_a_restart() throws Exception {
    TestCertificates.Authority ca = TestCertificates.Authority.create("switchboard-test-ca");
    Path cert = work.resolve("server.pem");
    Path key = work.resolve("server.key");
    TestCertificates.Issued first = ca.issue("switchboard-before");
    first.writeTo(cert, key);

    try (InProcessService service =
        InProcessService.start(
            getClass(),
            work,
            Map.of(
                Config.TLS_CERT_FILE,
                cert.toString(),
                Config.TLS_KEY_FILE,
                key.toString(),
                Config.TLS_RELOAD_SECONDS,
                "1"))) {
      SSLContext client = ca.trustingContext();
      assertThat(servedSerial(client, service.grpcPort(), "h2"))
          .isEqualTo(first.certificate().getSerialNumber());
      assertThat(servedSerial(client, service.httpPort(), "http/1.1"))
          .isEqualTo(first.certificate().getSerialNumber());

      TestCertificates.Issued second = ca.issue("switchboard-after");
      long rotatedAt = System.nanoTime();
      second.writeTo(cert, key);

      BigInteger expected = second.certificate().getSerialNumber();
      long grpcMillis = awaitServed(client, service.grpcPort(), "h2", expected, rotatedAt);
      long httpMillis = awaitServed(client, service.httpPort(), "http/1.1", expected, rotatedAt);
      assertThat(https(client, service, "/api/v1/phone-numbers").statusCode()).isEqualTo(200);
      System.out.printf(
          "RELIABILITY 13.1 certificate rotation (reload check every 1 s): new certificate served"
              + " on gRPC after %d ms, on HTTPS after %d ms, no restart%n",
          grpcMillis, httpMillis);
    }
  }

  @Test
  void the_bind_address_limits_the_interfaces_both_ports_listen_on() throws Exception {
    try (InProcessService everywhere = InProcessService.start(getClass(), work, Map.of());
        InProcessService loopbackOnly =
            InProcessService.start(getClass(), work, Map.of(Config.BIND_ADDRESS, "127.0.0.1"))) {
      // Linux routes all of 127/8 to the loopback interface: 127.0.0.2 reaches a wildcard listener
      // only
      assertThat(connects("127.0.0.2", everywhere.grpcPort())).isTrue();
      assertThat(connects("127.0.0.2", everywhere.httpPort())).isTrue();
      assertThat(connects("127.0.0.1", loopbackOnly.grpcPort())).isTrue();
      assertThat(connects("127.0.0.1", loopbackOnly.httpPort())).isTrue();
      assertThat(connects("127.0.0.2", loopbackOnly.grpcPort())).isFalse();
      assertThat(connects("127.0.0.2", loopbackOnly.httpPort())).isFalse();
    }
  }

  private static Status.Code list(ManagedChannel channel) {
    try {
      PhoneNumberServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .listPhoneNumbers(ListPhoneNumbersRequest.getDefaultInstance());
      return null;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static HttpResponse<String> https(
      SSLContext client, InProcessService service, String path) throws Exception {
    HttpClient http =
        HttpClient.newBuilder().sslContext(client).connectTimeout(Duration.ofSeconds(10)).build();
    return http.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + service.httpPort() + path))
            .header("Authorization", "Bearer " + service.key())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends a plaintext HTTP request and returns what comes back before the server closes (at most 64
   * bytes).
   */
  private static String plaintextHttpAnswer(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /api/v1/phone-numbers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] answer = in.readNBytes(64);
      return new String(answer, StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException closed) {
      return "";
    }
  }

  /** The serial number of the certificate a new TLS handshake on this port presents. */
  private static BigInteger servedSerial(SSLContext client, int port, String protocol)
      throws IOException {
    try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {protocol});
      parameters.setServerNames(List.of(new SNIHostName("localhost")));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private static long awaitServed(
      SSLContext client, int port, String protocol, BigInteger serial, long since)
      throws Exception {
    long deadline = since + ROTATION_LIMIT.toNanos();
    while (true) {
      if (servedSerial(client, port, protocol).equals(serial)) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
      }
      assertThat(System.nanoTime())
          .as("rotated certificate served within %s", ROTATION_LIMIT)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static boolean connects(String host, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      return true;
    } catch (ConnectException refused) {
      return false;
    }
  }

  private static void shutdown(ManagedChannel... channels) throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
