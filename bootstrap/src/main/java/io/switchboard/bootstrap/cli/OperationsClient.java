package io.switchboard.bootstrap.cli;

import com.google.longrunning.CancelOperationRequest;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import io.grpc.stub.ClientCalls;
import io.switchboard.proto.longrunning.OperationsMethods;

/** The client of {@code google.longrunning.Operations}, for the jobs' names. */
public final class OperationsClient {

  private final Connection connection;

  public OperationsClient(Connection connection) {
    this.connection = connection;
  }

  public Operation get(String name) {
    return ClientCalls.blockingUnaryCall(
        connection.channel(),
        OperationsMethods.GET,
        connection.callOptions(),
        GetOperationRequest.newBuilder().setName(name).build());
  }

  public ListOperationsResponse list(ListOperationsRequest request) {
    return ClientCalls.blockingUnaryCall(
        connection.channel(), OperationsMethods.LIST, connection.callOptions(), request);
  }

  public void cancel(String name) {
    ClientCalls.blockingUnaryCall(
        connection.channel(),
        OperationsMethods.CANCEL,
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
}
