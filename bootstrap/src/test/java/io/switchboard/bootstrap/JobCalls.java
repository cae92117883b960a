package io.switchboard.bootstrap;

import com.google.longrunning.CancelOperationRequest;
import com.google.longrunning.DeleteOperationRequest;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import com.google.longrunning.WaitOperationRequest;
import com.google.protobuf.Duration;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.longrunning.OperationsMethods;
import io.switchboard.proto.v1.JobServiceGrpc;
import io.switchboard.proto.v1.StartImportNumbersJobRequest;
import io.switchboard.proto.v1.StartReleaseNumbersJobRequest;
import io.switchboard.proto.v1.StartUpdateNumbersJobRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Blocking calls of JobService's client streams and of google.longrunning.Operations, for tests.
 */
public final class JobCalls {
  private JobCalls() {}

  public static Operation startImport(Channel channel, List<StartImportNumbersJobRequest> chunks) {
    return streamed(o -> stub(channel).startImportNumbersJob(o), chunks);
  }

  public static Operation startUpdate(Channel channel, List<StartUpdateNumbersJobRequest> chunks) {
    return streamed(o -> stub(channel).startUpdateNumbersJob(o), chunks);
  }

  public static Operation startRelease(
      Channel channel, List<StartReleaseNumbersJobRequest> chunks) {
    return streamed(o -> stub(channel).startReleaseNumbersJob(o), chunks);
  }

  public static Operation get(Channel channel, String name) {
    return unary(
        channel, OperationsMethods.GET, GetOperationRequest.newBuilder().setName(name).build());
  }

  public static ListOperationsResponse list(Channel channel, ListOperationsRequest request) {
    return unary(channel, OperationsMethods.LIST, request);
  }

  public static void cancel(Channel channel, String name) {
    unary(
        channel,
        OperationsMethods.CANCEL,
        CancelOperationRequest.newBuilder().setName(name).build());
  }

  public static void delete(Channel channel, String name) {
    unary(
        channel,
        OperationsMethods.DELETE,
        DeleteOperationRequest.newBuilder().setName(name).build());
  }

  public static Operation await(Channel channel, String name, int seconds) {
    return unary(
        channel,
        OperationsMethods.WAIT,
        WaitOperationRequest.newBuilder()
            .setName(name)
            .setTimeout(Duration.newBuilder().setSeconds(seconds))
            .build());
  }

  private static JobServiceGrpc.JobServiceStub stub(Channel channel) {
    return JobServiceGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static <Q, R> R unary(Channel channel, MethodDescriptor<Q, R> method, Q request) {
    return ClientCalls.blockingUnaryCall(
        channel, method, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), request);
  }

  private static <Q> Operation streamed(
      Function<StreamObserver<Operation>, StreamObserver<Q>> start, List<Q> chunks) {
    var answer = new CompletableFuture<Operation>();
    StreamObserver<Q> requests =
        start.apply(
            new StreamObserver<>() {
              @Override
              public void onNext(Operation value) {
                answer.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                answer.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {}
            });
    chunks.forEach(requests::onNext);
    requests.onCompleted();
    try {
      return answer.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException status) {
        throw status;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
