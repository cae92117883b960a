package io.switchboard.grpc;

import io.grpc.stub.StreamObserver;

/**
 * Completing unary calls. Failures are not handled here: they propagate to {@link
 * ExceptionMappingInterceptor}.
 */
final class Responses {

  private Responses() {}

  static <T> void reply(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }
}
