package io.switchboard.benchmarks.ha;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.stub.MetadataUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cluster {@code deploy/local-ha/run up} started, as its state file describes it, plus the
 * script's primitives (kill the leader, restart a replica, back up, restore) that need what only
 * the script knows.
 */
final class HaCluster implements AutoCloseable {

  /** One Switchboard replica's loopback ports. */
  record Replica(int index, int grpcPort, int httpPort, int managementPort) {}

  private static final String FIXED_SCHEME = "ha-fixed";

  final String apiKey;
  final List<Replica> replicas = new ArrayList<>();
  private final int haproxyPort;
  private final Path script;
  private final List<ManagedChannel> channels = new ArrayList<>();

  HaCluster(Path stateFile, Path script) throws IOException {
    Map<String, String> state = new HashMap<>();
    for (String line : Files.readAllLines(stateFile)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        // values are written with printf %q; the ones read here (ports, base64 keys) need no
        // unquoting
        state.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    this.apiKey = state.get("API_KEY");
    this.haproxyPort = Integer.parseInt(state.get("HAPROXY_PORT"));
    for (int n = 1; n <= 3; n++) {
      replicas.add(
          new Replica(
              n,
              Integer.parseInt(state.get("GRPC_PORT_" + n)),
              Integer.parseInt(state.get("HTTP_PORT_" + n)),
              Integer.parseInt(state.get("MGMT_PORT_" + n))));
    }
    this.script = script;
  }

  /** Through HAProxy's write port: always the current leader. */
  Connection openLeader() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:"
            + haproxyPort
            + "/switchboard?user=postgres&connectTimeout=5&socketTimeout=30");
  }

  /** A channel to one replica only, with the API key. */
  ManagedChannel channelTo(int grpcPort) {
    return register(
        Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, InsecureChannelCredentials.create())
            .intercept(MetadataUtils.newAttachHeadersInterceptor(auth()))
            .build());
  }

  /**
   * One channel over the three replicas, the way call routers connect: client-side {@code
   * round_robin} with health checking (a replica gets calls only while its gRPC health service says
   * SERVING: not before it is ready and warmed up, not once it drains) and a retry policy for
   * UNAVAILABLE (a call that lands on a replica as it goes away is sent again to another one).
   */
  ManagedChannel roundRobinChannel() {
    List<SocketAddress> addresses = new ArrayList<>();
    for (Replica r : replicas) {
      addresses.add(new InetSocketAddress("127.0.0.1", r.grpcPort()));
    }
    NameResolverRegistry.getDefaultRegistry().register(new FixedAddresses(addresses));
    Map<String, Object> retryPolicy =
        Map.of(
            "maxAttempts",
            5.0,
            "initialBackoff",
            "0.05s",
            "maxBackoff",
            "1s",
            "backoffMultiplier",
            2.0,
            "retryableStatusCodes",
            List.of("UNAVAILABLE"));
    Map<String, Object> methodConfig =
        Map.of(
            "name",
            List.of(
                Map.of("service", "switchboard.v1.RoutingService"),
                Map.of("service", "switchboard.v1.PhoneNumberService"),
                Map.of("service", "switchboard.v1.InventoryService")),
            "retryPolicy",
            retryPolicy);
    Map<String, Object> serviceConfig =
        Map.of(
            "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
            "healthCheckConfig", Map.of("serviceName", ""),
            "methodConfig", List.of(methodConfig));
    return register(
        Grpc.newChannelBuilder(
                FIXED_SCHEME + ":///switchboard", InsecureChannelCredentials.create())
            .defaultServiceConfig(serviceConfig)
            .enableRetry()
            .intercept(MetadataUtils.newAttachHeadersInterceptor(auth()))
            .build());
  }

  private Metadata auth() {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    return headers;
  }

  private synchronized ManagedChannel register(ManagedChannel channel) {
    channels.add(channel);
    return channel;
  }

  /** Runs one of the script's primitives and returns its standard output; fails when it fails. */
  List<String> script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    }
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + lines);
    }
    return lines;
  }

  @Override
  public synchronized void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
  }

  /** A name resolver that answers one fixed list of addresses (the replicas of this cluster). */
  private static final class FixedAddresses extends NameResolverProvider {
    private final List<SocketAddress> addresses;

    FixedAddresses(List<SocketAddress> addresses) {
      this.addresses = addresses;
    }

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }

    @Override
    public String getDefaultScheme() {
      return FIXED_SCHEME;
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
      if (!FIXED_SCHEME.equals(target.getScheme())) {
        return null;
      }
      return new NameResolver() {
        @Override
        public String getServiceAuthority() {
          return "switchboard";
        }

        @Override
        public void start(Listener2 listener) {
          List<EquivalentAddressGroup> groups = new ArrayList<>();
          for (SocketAddress address : addresses) {
            groups.add(new EquivalentAddressGroup(address));
          }
          listener.onResult(
              ResolutionResult.newBuilder()
                  .setAddresses(groups)
                  .setAttributes(Attributes.EMPTY)
                  .build());
        }

        @Override
        public void shutdown() {}
      };
    }
  }
}
