package io.switchboard.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * The calls this adapter answers from memory alone, which a server may run where their request
 * arrived (the transport's event loop) instead of handing them to a thread that may block: nothing
 * on their path reads the database, waits, or slows a caller down. A server asks {@link #mayAnswer}
 * when a call starts and holds such a call until its request has come, then asks {@link #answers}
 * with the call's headers and request; a call turned down by either runs on the call threads like
 * every other call.
 */
public interface InPlaceCalls {

  /** Answers none in place: every call goes to the call threads. */
  InPlaceCalls NONE =
      new InPlaceCalls() {
        @Override
        public boolean mayAnswer(MethodDescriptor<?, ?> method) {
          return false;
        }

        @Override
        public boolean answers(MethodDescriptor<?, ?> method, Metadata headers, Object request) {
          return false;
        }
      };

  /** Whether calls of this method may be answered in place (a cheap test on every call's start). */
  boolean mayAnswer(MethodDescriptor<?, ?> method);

  /** Whether this call, with these headers and this request, is answered without blocking. */
  boolean answers(MethodDescriptor<?, ?> method, Metadata headers, Object request);
}
