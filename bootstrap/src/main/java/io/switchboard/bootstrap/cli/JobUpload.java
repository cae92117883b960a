package io.switchboard.bootstrap.cli;

import com.google.longrunning.Operation;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One client-streamed Start…Job call. {@link #send} waits while the transport is not ready, so a
 * large file is read only as fast as the server takes it, never buffered whole.
 */
public final class JobUpload<Q> implements ClientResponseObserver<Q, Operation> {

  private final CompletableFuture<Operation> answer = new CompletableFuture<>();
  private final Object readiness = new Object();
  private ClientCallStreamObserver<Q> requests;

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    this.requests = requestStream;
    requestStream.setOnReadyHandler(this::wake);
  }

  public void send(Q chunk) throws InterruptedException {
    synchronized (readiness) {
      while (!requests.isReady() && !answer.isDone()) {
        readiness.wait(100);
      }
    }
    if (answer.isDone()) {
      await(); // the server answered (refused) before the end: its error says why
      throw new IllegalStateException("the server answered before the upload ended");
    }
    requests.onNext(chunk);
  }

  /** Ends the upload and waits for the job's Operation. */
  public Operation finish() throws InterruptedException {
    if (!answer.isDone()) {
      requests.onCompleted();
    }
    return await();
  }

  /** Gives up on the upload (the reading failed). */
  public void abandon(Throwable cause) {
    requests.onError(cause);
  }

  private Operation await() throws InterruptedException {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException grpc) {
        throw grpc;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void onNext(Operation operation) {
    answer.complete(operation);
  }

  @Override
  public void onError(Throwable t) {
    answer.completeExceptionally(t);
    wake();
  }

  @Override
  public void onCompleted() {
    if (!answer.isDone()) {
      answer.completeExceptionally(
          new IllegalStateException("the server ended the call without an answer"));
    }
    wake();
  }

  private void wake() {
    synchronized (readiness) {
      readiness.notifyAll();
    }
  }
}
