package io.switchboard.application.admin;

import io.switchboard.application.common.RequestContext;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The change event of an API key, labelled with who made the change; its scopes are what other
 * replicas act on.
 */
final class ApiKeyEvents {
  private ApiKeyEvents() {}

  static ChangeEvent keyEvent(RequestContext ctx, ApiKey key, ChangeAction action, Instant now) {
    return new ChangeEvent(
        0,
        key.organizationId(),
        ResourceType.API_KEY,
        key.id().toString(),
        Optional.empty(),
        action,
        List.of(
            new FieldChange(
                "scopes",
                Optional.empty(),
                Optional.of(
                    key.scopes().stream().map(Scope::wireName).sorted().toList().toString()))),
        Optional.of(ctx.principal().keyId().toString()),
        Optional.of(ctx.requestId()),
        ctx.sourceApi(),
        now);
  }
}
