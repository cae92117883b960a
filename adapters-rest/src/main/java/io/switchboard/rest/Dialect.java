package io.switchboard.rest;

import io.javalin.config.JavalinConfig;
import io.switchboard.domain.common.RequestId;

/**
 * One public REST dialect (Mindhunters, VoiceOS, AgentMessage): its routes under one path prefix,
 * and how it shows a failure. {@link RestApi} sends every failure of a request under {@link
 * #pathPrefix()} to {@link #renderError}, so a dialect's handlers just throw.
 */
public interface Dialect {

  /** The path every route of the dialect starts with, for example {@code /api/v1}. */
  String pathPrefix();

  /**
   * The dialect's name in metrics and traces ({@code mindhunters}, {@code voiceos}, {@code
   * agentmessage}).
   */
  default String name() {
    return pathPrefix();
  }

  void registerRoutes(JavalinConfig config);

  /**
   * This dialect's error response for any failure: a {@link
   * io.switchboard.domain.error.DomainException}, an {@link HttpProblem}, or anything unexpected
   * (which must become the dialect's generic 500 without internals; the caller has logged it
   * already).
   */
  JsonResponse renderError(Throwable failure, RequestId requestId);
}
