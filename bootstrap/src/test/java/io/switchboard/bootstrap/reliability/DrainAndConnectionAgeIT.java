package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.switchboard.bootstrap.Config;
import io.switchboard.proto.v1.ChangeEvent;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.WatchChangesRequest;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, lifecycle: drain before close, and connections that age out without cutting streams.
 *
 * <p>On shutdown (what SIGTERM runs) readiness turns 503 / NOT_SERVING at once while both listeners
 * keep accepting new connections and calls for the drain time; only then does the grace period
 * begin. A gRPC connection older than the maximum age is told to go away: new calls on the same
 * channel move to a new connection, while a {@code WatchChanges} stream opened on the old one keeps
 * delivering events.
 */
class DrainAndConnectionAgeIT {
  private static final Duration DRAIN = Duration.ofSeconds(3);
  private static final Duration MAX_AGE = Duration.ofSeconds(2);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void readiness_turns_503_at_once_and_the_listeners_accept_until_the_drain_ends()
      throws Exception {
    ServiceUnderTest service =
        ServiceUnderTest.start(
            DrainAndConnectionAgeIT.class,
            Map.of(
                Config.SHUTDOWN_DRAIN_SECONDS,
                Long.toString(DRAIN.toSeconds()),
                Config.SHUTDOWN_GRACE_SECONDS,
                "5"));
    PhoneNumber number = service.buyNumber();
    int grpcPort = service.switchboard().grpcPort();
    int httpPort = service.switchboard().httpPort();
    assertThat(service.management("/health/ready").statusCode()).isEqualTo(200);

    long started = System.nanoTime();
    CompletableFuture<Boolean> shutdown =
        CompletableFuture.supplyAsync(() -> service.switchboard().shutdown());
    long notReadyMillis = -1;
    while (System.nanoTime() - started < DRAIN.toNanos()) {
      if (service.management("/health/ready").statusCode() == 503) {
        notReadyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        break;
      }
      Thread.sleep(20);
    }
    ServingStatus grpcOverall = health(grpcPort);
    // new connections, opened after the shutdown began: both listeners still take them and answer
    String newGrpcCall = getNumber(grpcPort, service.key, number);
    int newRestCall =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/v1/phone-numbers?limit=1"))
                    .header("Authorization", "Bearer " + service.key)
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode();
    long accepting = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    boolean drained = shutdown.get(30, TimeUnit.SECONDS);
    long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    String afterwards = getNumber(grpcPort, service.key, number);
    service.close();

    ServiceUnderTest.figure(
        "drain",
        "shutdown began: /health/ready 503 after "
            + notReadyMillis
            + " ms, gRPC \"\" "
            + grpcOverall
            + "; "
            + accepting
            + " ms in (drain "
            + DRAIN.toMillis()
            + " ms) a new gRPC connection's call: "
            + newGrpcCall
            + ", a new REST request: "
            + newRestCall
            + "; stopped after "
            + stoppedMillis
            + " ms (drained cleanly: "
            + drained
            + "); a call afterwards: "
            + afterwards);

    assertThat(notReadyMillis).isBetween(0L, 1000L);
    assertThat(grpcOverall).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(accepting).as("still within the drain").isLessThan(DRAIN.toMillis());
    assertThat(newGrpcCall).isEqualTo("OK");
    assertThat(newRestCall).isEqualTo(200);
    assertThat(drained).isTrue();
    assertThat(stoppedMillis).isGreaterThanOrEqualTo(DRAIN.toMillis());
    assertThat(afterwards).isEqualTo("UNAVAILABLE");
  }

  @Test
  void an_aged_connection_moves_new_calls_elsewhere_and_keeps_its_watch_stream() throws Exception {
    try (ServiceUnderTest service =
        ServiceUnderTest.start(
            DrainAndConnectionAgeIT.class,
            Map.of(Config.GRPC_MAX_CONNECTION_AGE_SECONDS, Long.toString(MAX_AGE.toSeconds())))) {
      PhoneNumber number = service.buyNumber();
      List<SocketAddress> localAddresses = new CopyOnWriteArrayList<>();
      ManagedChannel channel =
          Grpc.newChannelBuilderForAddress(
                  "127.0.0.1",
                  service.switchboard().grpcPort(),
                  InsecureChannelCredentials.create())
              .intercept(
                  MetadataUtils.newAttachHeadersInterceptor(auth(service.key)),
                  recordLocalAddress(localAddresses))
              .build();
      try {
        List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        AtomicReference<Status> streamEnded = new AtomicReference<>();
        RoutingServiceGrpc.newStub(channel)
            .watchChanges(
                WatchChangesRequest.newBuilder().setSinceRevision(0).build(),
                new StreamObserver<>() {
                  @Override
                  public void onNext(ChangeEvent event) {
                    events.add(event);
                  }

                  @Override
                  public void onError(Throwable t) {
                    streamEnded.set(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    streamEnded.set(Status.OK);
                  }
                });
        PhoneNumberServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .getPhoneNumber(get(number));
        long replayDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.isEmpty() && System.nanoTime() < replayDeadline) {
          Thread.sleep(50); // the stream replays the purchase: it is open
        }
        Thread.sleep(
            MAX_AGE.toMillis() * 3); // the connection is past its age; the server has sent GOAWAY
        int beforeAge = events.size();
        List<String> callsAfter = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
          try {
            PhoneNumberServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getPhoneNumber(get(number));
            callsAfter.add("OK");
          } catch (StatusRuntimeException e) {
            callsAfter.add(e.getStatus().getCode().name());
          }
        }
        service.buyNumber(); // a change the old connection's stream must still deliver
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.size() == beforeAge && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        long connections = localAddresses.stream().distinct().count();

        ServiceUnderTest.figure(
            "connection-age",
            "max connection age "
                + MAX_AGE.toSeconds()
                + " s: unary calls after "
                + "it "
                + callsAfter
                + " over "
                + connections
                + " connections in all; the WatchChanges stream opened before "
                + "it delivered "
                + (events.size() - beforeAge)
                + " event(s) after it and "
                + (streamEnded.get() == null
                    ? "is still open"
                    : "ended with " + streamEnded.get()));

        assertThat(callsAfter).containsOnly("OK");
        assertThat(connections).as("new calls moved to a new connection").isGreaterThanOrEqualTo(2);
        assertThat(beforeAge).as("the stream replayed the first purchase").isPositive();
        assertThat(events.size())
            .as("the stream on the aged connection still delivers")
            .isGreaterThan(beforeAge);
        assertThat(streamEnded.get()).as("the stream was not cut").isNull();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static GetPhoneNumberRequest get(PhoneNumber number) {
    return GetPhoneNumberRequest.newBuilder()
        .setPhoneNumber(PhoneNumberRef.newBuilder().setId(number.getId()))
        .build();
  }

  private static Metadata auth(String key) {
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return auth;
  }

  /** Notes the client-side address of the connection each call ran on. */
  private static ClientInterceptor recordLocalAddress(List<SocketAddress> addresses) {
    return new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(
          MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        ClientCall<Q, A> call = next.newCall(method, options);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
          @Override
          public void start(Listener<A> listener, Metadata headers) {
            ClientCall<Q, A> thisCall = this;
            super.start(
                new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onHeaders(Metadata metadata) {
                    SocketAddress local =
                        thisCall.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
                    if (local != null) {
                      addresses.add(local);
                    }
                    super.onHeaders(metadata);
                  }
                },
                headers);
          }
        };
      }
    };
  }

  private static ServingStatus health(int port) throws InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .build();
    try {
      return HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A call on a new connection. */
  private static String getNumber(int port, String key, PhoneNumber number)
      throws InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .intercept(MetadataUtils.newAttachHeadersInterceptor(auth(key)))
            .build();
    try {
      PhoneNumberServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .getPhoneNumber(get(number));
      return "OK";
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
