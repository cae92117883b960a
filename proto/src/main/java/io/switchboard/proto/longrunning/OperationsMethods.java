package io.switchboard.proto.longrunning;

import com.google.longrunning.CancelOperationRequest;
import com.google.longrunning.DeleteOperationRequest;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import com.google.longrunning.WaitOperationRequest;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * The methods of google.longrunning.Operations. proto-google-common-protos ships the messages but
 * not the gRPC stub (that is grpc-google-common-protos), so the descriptors are built here, once,
 * for the server and for its clients ({@code ClientCalls.blockingUnaryCall(channel, GET, ...)}).
 */
public final class OperationsMethods {
  public static final String SERVICE = "google.longrunning.Operations";

  public static final MethodDescriptor<GetOperationRequest, Operation> GET =
      unary(
          "GetOperation", GetOperationRequest.getDefaultInstance(), Operation.getDefaultInstance());
  public static final MethodDescriptor<ListOperationsRequest, ListOperationsResponse> LIST =
      unary(
          "ListOperations",
          ListOperationsRequest.getDefaultInstance(),
          ListOperationsResponse.getDefaultInstance());
  public static final MethodDescriptor<CancelOperationRequest, Empty> CANCEL =
      unary(
          "CancelOperation",
          CancelOperationRequest.getDefaultInstance(),
          Empty.getDefaultInstance());
  public static final MethodDescriptor<DeleteOperationRequest, Empty> DELETE =
      unary(
          "DeleteOperation",
          DeleteOperationRequest.getDefaultInstance(),
          Empty.getDefaultInstance());
  public static final MethodDescriptor<WaitOperationRequest, Operation> WAIT =
      unary(
          "WaitOperation",
          WaitOperationRequest.getDefaultInstance(),
          Operation.getDefaultInstance());

  private OperationsMethods() {}

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
      String name, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .setSampledToLocalTracing(true)
        .build();
  }
}
