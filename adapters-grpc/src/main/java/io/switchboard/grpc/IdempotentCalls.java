package io.switchboard.grpc;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.idempotency.IdempotentExecutor;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a mutating call at most once per {@code request_id} (AIP-155). The fingerprint is the
 * request without its {@code request_id}, serialized deterministically, under the full gRPC method
 * name; the stored response is the response message itself, so a retry gets back exactly the first
 * answer.
 */
final class IdempotentCalls {

  static final String REQUEST_ID_FIELD = "request_id";
  static final Set<Scope> NUMBERS_WRITE = Set.of(Scope.NUMBERS_WRITE);
  static final Set<Scope> INVENTORY_WRITE = Set.of(Scope.INVENTORY_WRITE);
  static final Set<Scope> ADMIN = Set.of(Scope.ADMIN);

  private final IdempotentExecutor executor;

  IdempotentCalls(IdempotentExecutor executor) {
    this.executor = executor;
  }

  <R extends Message> R execute(
      RequestContext ctx,
      Set<Scope> scopes,
      Message request,
      Parser<R> responseParser,
      Supplier<R> mutation) {
    return execute(ctx, scopes, request, responseParser, Function.identity(), mutation);
  }

  /**
   * @param scopes what the mutation needs, checked before a stored response can be replayed
   * @param stored what of the response is kept for replays (a secret shown once is not)
   */
  <R extends Message> R execute(
      RequestContext ctx,
      Set<Scope> scopes,
      Message request,
      Parser<R> responseParser,
      Function<R, R> stored,
      Supplier<R> mutation) {
    FieldDescriptor requestIdField =
        request.getDescriptorForType().findFieldByName(REQUEST_ID_FIELD);
    if (requestIdField == null) {
      throw new IllegalArgumentException(
          request.getDescriptorForType().getFullName() + " has no request_id");
    }
    String requestId = (String) request.getField(requestIdField);
    Optional<String> key = Optional.of(requestId).filter(id -> !id.isEmpty());
    key.ifPresent(IdempotentCalls::requireValidRequestId);
    byte[] canonical = deterministicBytes(request.toBuilder().clearField(requestIdField).build());
    var codec =
        new IdempotentExecutor.ResponseCodec<R>() {
          @Override
          public byte[] encode(R response) {
            return stored.apply(response).toByteArray();
          }

          @Override
          public R decode(byte[] bytes) {
            try {
              return responseParser.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
              throw new IllegalStateException("a stored response no longer parses", e);
            }
          }
        };
    try {
      return executor.execute(
          ctx, scopes, key, CallContext.fullMethodName(), canonical, codec, mutation);
    } catch (InvalidArgumentException e) {
      throw switch (e.reason()) {
        // The executor names the REST header; over gRPC the key is the request_id field.
        case IDEMPOTENCY_KEY_REUSED ->
            InvalidArgumentException.withReason(
                e.reason(), REQUEST_ID_FIELD, "was already used with a different request");
        default -> e;
      };
    }
  }

  private static void requireValidRequestId(String requestId) {
    if (requestId.length() > IdempotentExecutor.MAX_KEY_LENGTH
        || !requestId.chars().allMatch(c -> c >= 33 && c < 127)) {
      throw InvalidArgumentException.of(
          REQUEST_ID_FIELD,
          "must be 1.."
              + IdempotentExecutor.MAX_KEY_LENGTH
              + " printable ASCII characters (a UUID is best)");
    }
  }

  static byte[] deterministicBytes(Message message) {
    try {
      var bytes = new ByteArrayOutputStream(message.getSerializedSize());
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      message.writeTo(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
