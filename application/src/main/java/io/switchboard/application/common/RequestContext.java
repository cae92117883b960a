package io.switchboard.application.common;

import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who asks, through which door, under which request id, and by when the answer is needed. Every use
 * case takes one: it scopes the work to the caller's organization and labels the change events it
 * writes. {@code written} collects the revision of those changes, which the adapter returns as the
 * request's consistency token.
 */
public record RequestContext(
    Principal principal,
    RequestId requestId,
    SourceApi sourceApi,
    Optional<Instant> deadline,
    WrittenRevision written) {
  public RequestContext {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(sourceApi, "sourceApi");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(written, "written");
  }

  public RequestContext(
      Principal principal, RequestId requestId, SourceApi sourceApi, Optional<Instant> deadline) {
    this(principal, requestId, sourceApi, deadline, new WrittenRevision());
  }

  public static RequestContext of(Principal principal, RequestId requestId, SourceApi sourceApi) {
    return new RequestContext(principal, requestId, sourceApi, Optional.empty());
  }

  public OrganizationId organizationId() {
    return principal.organizationId();
  }

  public void require(Scope scope) {
    principal.require(scope);
  }

  public RequestContext withDeadline(Instant at) {
    return new RequestContext(principal, requestId, sourceApi, Optional.of(at), written);
  }
}
