package io.switchboard.bootstrap.cli;

import com.google.longrunning.CancelOperationRequest;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;

/**
 * The client of {@code google.longrunning.Operations}. Its stub is not generated in this build
 * (only the messages come with the common protos), so the methods are described here.
 */
public final class OperationsClient {

  private static final String SERVICE = "google.longrunning.Operations";

  static final MethodDescriptor<GetOperationRequest, Operation> GET =
      unary(
          "GetOperation", GetOperationRequest.getDefaultInstance(), Operation.getDefaultInstance());
  static final MethodDescriptor<ListOperationsRequest, ListOperationsResponse> LIST =
      unary(
          "ListOperations",
          ListOperationsRequest.getDefaultInstance(),
          ListOperationsResponse.getDefaultInstance());
  static final MethodDescriptor<CancelOperationRequest, Empty> CANCEL =
      unary(
          "CancelOperation",
          CancelOperationRequest.getDefaultInstance(),
          Empty.getDefaultInstance());

  private final Connection connection;

  public OperationsClient(Connection connection) {
    this.connection = connection;
  }

  public Operation get(String name) {
    return ClientCalls.blockingUnaryCall(
        connection.channel(),
        GET,
        connection.callOptions(),
        GetOperationRequest.newBuilder().setName(name).build());
  }

  public ListOperationsResponse list(ListOperationsRequest request) {
    return ClientCalls.blockingUnaryCall(
        connection.channel(), LIST, connection.callOptions(), request);
  }

  public void cancel(String name) {
    ClientCalls.blockingUnaryCall(
        connection.channel(),
        CANCEL,
        connection.callOptions(),
        CancelOperationRequest.newBuilder().setName(name).build());
  }

  /** A job's name as the server spells it, from {@code operations/<id>} or the bare id. */
  public static String operationName(String nameOrId) {
    String name = nameOrId.strip();
    if (name.isEmpty()) {
      throw CliException.usage("a job name is operations/<id>");
    }
    return name.startsWith("operations/") ? name : "operations/" + name;
  }

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
      String method, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }
}
