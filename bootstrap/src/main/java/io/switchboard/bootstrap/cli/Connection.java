package io.switchboard.bootstrap.cli;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One channel to the server that sends the bearer key with every call. */
public final class Connection implements AutoCloseable {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final ConnectionSettings settings;

  private Connection(ManagedChannel channel, ConnectionSettings settings) {
    this.channel = channel;
    this.settings = settings;
  }

  public static Connection open(ConnectionSettings settings) {
    Metadata auth = new Metadata();
    auth.put(AUTHORIZATION, "Bearer " + settings.apiKey());
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                settings.address().host(), settings.address().port(), credentials(settings))
            .intercept(MetadataUtils.newAttachHeadersInterceptor(auth))
            .userAgent("switchboard-cli")
            .build();
    return new Connection(channel, settings);
  }

  private static ChannelCredentials credentials(ConnectionSettings settings) {
    if (settings.plaintext()) {
      return InsecureChannelCredentials.create();
    }
    try {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
      if (settings.caFile().isPresent()) {
        tls.trustManager(settings.caFile().get().toFile());
      }
      if (settings.certFile().isPresent() && settings.keyFile().isPresent()) {
        tls.keyManager(settings.certFile().get().toFile(), settings.keyFile().get().toFile());
      }
      return tls.build();
    } catch (IOException | RuntimeException e) {
      throw CliException.usage("cannot load the TLS files: " + e.getMessage());
    }
  }

  /** A stub whose next call has the call timeout from now. */
  public <S extends AbstractStub<S>> S call(Function<ManagedChannel, S> stub) {
    return stub.apply(channel)
        .withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A stub without a deadline, for an upload that lasts as long as the file. */
  public <S extends AbstractStub<S>> S stream(Function<ManagedChannel, S> stub) {
    return stub.apply(channel);
  }

  public CallOptions callOptions() {
    return CallOptions.DEFAULT.withDeadlineAfter(
        settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  public ManagedChannel channel() {
    return channel;
  }

  public String target() {
    return settings.address().toString();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
