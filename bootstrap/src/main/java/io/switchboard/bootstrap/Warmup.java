package io.switchboard.bootstrap;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.switchboard.application.UseCaseServices;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.number.UpdatePhoneNumberUseCase;
import io.switchboard.application.port.Ports;
import io.switchboard.application.routing.RoutedNumber;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.DomainException;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.routing.Label;
import io.switchboard.domain.routing.RoutingPatch;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hot paths before the replica reports ready. A fresh JVM loads and interprets every class
 * on its first calls; on a busy node the first calls of a replica that just joined (a rolling
 * restart, a scale-out) took over two seconds and missed call routers' deadlines (issue 16). So,
 * after the listeners opened and before readiness turns true, the replica prepares the protobuf
 * reflection of every gRPC method's messages ({@link #prepareMessages}) and calls itself: gRPC
 * health checks over its own port (Netty, HTTP/2, the interceptors), with the operator's bootstrap
 * key (when configured) ResolveInbound and GetPhoneNumber over the same port, ResolveInbound for
 * numbers in the route cache, GetPhoneNumber for their owners, API-key lookups, and
 * UpdatePhoneNumber rehearsed in a transaction that is always rolled back (the write path's
 * statements, never committed: no change, no event, no notification). Each phase gets its share of
 * the time limit (half for the calls over the port, a sixth for each of the others), so a slow one
 * cannot starve the others. The in-process calls carry a principal that exists only inside this
 * process for this purpose; nothing leaves the loopback interface.
 */
final class Warmup {
  private static final Logger log = LoggerFactory.getLogger(Warmup.class);

  /** Enough rounds for the hot methods to leave the interpreter (C1 compiles at 1,500 calls). */
  static final int ROUNDS = 2_000;

  /** Over the network: enough for Netty's and grpc-java's server path to be loaded and hot. */
  static final int HEALTH_CHECKS = 50;

  /** Authenticated calls over the network, when the bootstrap key is known. */
  static final int AS_THE_OPERATOR = 200;

  /** Reads that go to the database: enough to load and compile their classes, few queries. */
  static final int DATABASE_ROUNDS = 30;

  /** Held numbers the phases call with. */
  private static final int SAMPLE = 100;

  private static final String UNKNOWN_NUMBER = "+14155550100";

  /** The in-process principal: no API key and no organization has this id. */
  private static final ApiKeyId NOBODY_KEY = new ApiKeyId(new UUID(0, 0));

  private final UseCaseServices services;
  private final Ports ports;
  private final Duration limit;

  Warmup(UseCaseServices services, Ports ports, Duration limit) {
    this.services = services;
    this.ports = ports;
    this.limit = limit;
  }

  /**
   * @param grpcPort the replica's own gRPC port, called over loopback; empty when it serves TLS
   *     only (the health checks are then skipped)
   */
  void run(
      List<ServerServiceDefinition> grpcServices,
      Optional<Integer> grpcPort,
      Optional<String> bootstrapKey) {
    long start = System.nanoTime();
    int messages = 0;
    // the calls over the port cover most of the path, and cost the most when the node is busy
    long wire = limit.toNanos() / 2;
    long share = limit.toNanos() / 6;
    // held numbers as the route cache loaded them: each phase calls with them, none looks them up
    List<RoutedNumber> held = services.routeCache().sample(SAMPLE);
    List<String> numbers =
        held.isEmpty()
            ? List.of(UNKNOWN_NUMBER) // an unknown number still runs the whole path
            : held.stream().map(RoutedNumber::number).toList();
    int calls = 0;
    try {
      messages = prepareMessages(grpcServices);
      calls +=
          grpcPort
              .map(port -> overTheWire(port, bootstrapKey, numbers, System.nanoTime() + wire))
              .orElse(0);
      calls += resolves(numbers, System.nanoTime() + share);
      calls += lookups(held, System.nanoTime() + share);
      calls += rehearsedUpdates(held, System.nanoTime() + share);
    } catch (RuntimeException e) {
      // a warm-up that fails costs speed, never availability
      log.warn("Warm-up stopped early: {}", e.toString());
    }
    log.info(
        "Warmed up with {} calls to itself and {} message types prepared in {} ms",
        calls,
        messages,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /**
   * Builds the protobuf descriptors and reflection tables of every gRPC method's request and
   * response messages. Idempotent mutations read their {@code request_id} and fingerprint the
   * request through reflection ({@code IdempotentCalls}); the first such call initialized the
   * descriptors of its whole .proto file, and on a crowded node that took seconds while the calls
   * that arrived meanwhile waited on the class initialization: writers' deadlines passed on a
   * replica that had just turned ready (the HA rolling restart, thread dumps taken right after
   * readiness).
   *
   * @return how many message types were prepared
   */
  static int prepareMessages(List<ServerServiceDefinition> services) {
    Set<Descriptors.Descriptor> prepared = new HashSet<>();
    for (ServerServiceDefinition service : services) {
      for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
        MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
        prepare(descriptor.getRequestMarshaller(), prepared);
        prepare(descriptor.getResponseMarshaller(), prepared);
      }
    }
    return prepared.size();
  }

  private static void prepare(
      MethodDescriptor.Marshaller<?> marshaller, Set<Descriptors.Descriptor> prepared) {
    if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> prototypes
        && prototypes.getMessagePrototype() instanceof Message prototype
        && prepared.add(prototype.getDescriptorForType())) {
      Message.Builder builder = prototype.toBuilder();
      for (Descriptors.FieldDescriptor field : prototype.getDescriptorForType().getFields()) {
        prototype.getField(field); // the message's accessor table
        builder.clearField(field); // the builder's
      }
      builder.build();
    }
  }

  private int overTheWire(int port, Optional<String> bootstrapKey, List<String> numbers, long end) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    int calls = 0;
    try {
      var health = HealthGrpc.newBlockingStub(channel);
      for (int i = 0; i < HEALTH_CHECKS && System.nanoTime() < end; i++, calls++) {
        try {
          health
              .withDeadlineAfter(1, TimeUnit.SECONDS)
              .check(HealthCheckRequest.newBuilder().setService("").build());
        } catch (StatusRuntimeException ignored) {
          // NOT_SERVING is the expected answer while warming up; the call path ran all the same
        }
      }
      if (bootstrapKey.isPresent()) {
        calls += asTheOperator(channel, bootstrapKey.get(), numbers, end);
      }
    } finally {
      channel.shutdownNow();
    }
    return calls;
  }

  private int asTheOperator(ManagedChannel channel, String key, List<String> numbers, long end) {
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    var credentials = MetadataUtils.newAttachHeadersInterceptor(auth);
    var routing = RoutingServiceGrpc.newBlockingStub(channel).withInterceptors(credentials);
    var phoneNumbers =
        PhoneNumberServiceGrpc.newBlockingStub(channel).withInterceptors(credentials);
    int calls = 0;
    for (int i = 0; i < AS_THE_OPERATOR && System.nanoTime() < end; i++, calls++) {
      String number = numbers.get(i % numbers.size());
      try {
        if (i % 4 == 3) {
          phoneNumbers
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .getPhoneNumber(
                  GetPhoneNumberRequest.newBuilder()
                      .setPhoneNumber(
                          io.switchboard.proto.v1.PhoneNumberRef.newBuilder().setNumber(number))
                      .build());
        } else {
          routing
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .resolveInbound(
                  ResolveInboundRequest.newBuilder()
                      .setCalledNumber(number)
                      .setChannel(io.switchboard.proto.v1.Channel.CHANNEL_CALL)
                      .build());
        }
      } catch (StatusRuntimeException ignored) {
        // another organization's number, or NOT_SERVING: the path ran all the same
      }
    }
    return calls;
  }

  /** ResolveInbound from the route cache, as a call router asks it. */
  private int resolves(List<String> numbers, long end) {
    RequestContext router = context(new OrganizationId(new UUID(0, 0)), Scope.ROUTING);
    int calls = 0;
    for (; calls < ROUNDS && System.nanoTime() < end; calls++) {
      services
          .resolveInbound()
          .resolve(
              router, numbers.get(calls % numbers.size()), BindingChannel.CALL, Optional.empty());
    }
    return calls;
  }

  /** The database path: GetPhoneNumber as its owner reads it, and API-key lookups. */
  private int lookups(List<RoutedNumber> held, long end) {
    SecureRandom random = new SecureRandom();
    int calls = 0;
    for (int i = 0; i < DATABASE_ROUNDS && System.nanoTime() < end; i++) {
      byte[] unknownHash = new byte[32];
      random.nextBytes(unknownHash);
      ports.transactions().inTransaction(() -> ports.apiKeys().findBySecretHash(unknownHash));
      calls++;
      if (!held.isEmpty()) {
        RoutedNumber number = held.get(i % held.size());
        try {
          services
              .getPhoneNumber()
              .get(
                  context(number.organizationId(), Scope.NUMBERS_READ),
                  PhoneNumberRef.of(number.id()));
        } catch (DomainException changedMeanwhile) {
          // released since the cache loaded it: the path ran all the same
        }
        calls++;
      }
    }
    return calls;
  }

  /**
   * UpdatePhoneNumber as writers call it, inside an outer transaction that is then rolled back: the
   * use case joins it, so its statements run and nothing commits.
   */
  private int rehearsedUpdates(List<RoutedNumber> held, long end) {
    int calls = 0;
    for (int i = 0; i < Math.min(held.size(), DATABASE_ROUNDS) && System.nanoTime() < end; i++) {
      RoutedNumber number = held.get(i);
      var command =
          UpdatePhoneNumberUseCase.Command.routing(
              PhoneNumberRef.of(number.id()),
              RoutingPatch.NONE.withLabel(Patch.set(new Label("warm-up " + i))));
      try {
        ports
            .transactions()
            .inTransaction(() -> {
              services
                  .updatePhoneNumber()
                  .update(context(number.organizationId(), Scope.NUMBERS_WRITE), command);
              throw new RolledBack();
            });
      } catch (RolledBack expected) {
        calls++;
      } catch (DomainException changedMeanwhile) {
        // released or locked meanwhile: the path ran all the same
      }
    }
    return calls;
  }

  /** Ends a rehearsal: the transaction rolls back. */
  private static final class RolledBack extends RuntimeException {
    RolledBack() {
      super("warm-up rehearsal", null, false, false);
    }
  }

  private static RequestContext context(OrganizationId organization, Scope scope) {
    return RequestContext.of(
        new Principal(organization, NOBODY_KEY, Set.of(scope)),
        RequestId.random(),
        SourceApi.SYSTEM);
  }
}
