package io.switchboard.application.trunk;

import io.switchboard.application.admin.BootstrapKeys;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.common.UseCaseSteps;
import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.application.port.SecretCipher;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.Trunk;
import java.util.Optional;

/** A trunk's SIP credentials, opened, for the call router that connects through it. */
public final class GetTrunkCredentialsService implements GetTrunkCredentialsUseCase {
  private final TrunkRepository trunks;
  private final OrganizationRepository organizations;
  private final SecretCipher cipher;
  private final UseCaseSteps steps;
  private final TrunkLookup lookup;

  public GetTrunkCredentialsService(
      TrunkRepository trunks,
      OrganizationRepository organizations,
      SecretCipher cipher,
      UseCaseSteps steps,
      TrunkLookup lookup) {
    this.trunks = trunks;
    this.organizations = organizations;
    this.cipher = cipher;
    this.steps = steps;
    this.lookup = lookup;
  }

  @Override
  public Credentials credentials(RequestContext ctx, TrunkRef ref) {
    // An internal scope acts platform-wide, as ResolveInbound does: the router that resolved a call
    // to a trunk of any
    // organization fetches that trunk's credentials. Only platform keys act so (CreateApiKeyService
    // gives internal scopes to
    // no other key); a tenant's principal, however it came by the scope, stays in its organization.
    return steps.inTransaction(
        ctx,
        Scope.TRUNK_CREDENTIALS,
        () -> {
          boolean platform =
              organizations
                  .findById(ctx.organizationId())
                  .filter(org -> org.name().equals(BootstrapKeys.DEFAULT_ORGANIZATION))
                  .isPresent();
          Trunk trunk =
              (platform
                      ? switch (ref) {
                        case TrunkRef.ById byId -> trunks.findByIdAnywhere(byId.id());
                        case TrunkRef.ByKey byKey ->
                            trunks.findAnywhere(byKey.number(), byKey.channel());
                      }
                      : Optional.of(lookup.find(ctx.organizationId(), ref)))
                  .orElseThrow(() -> NotFoundException.of(Reason.TRUNK_NOT_FOUND, ref.toString()));
          return new Credentials(
              lookup.view(trunk.organizationId(), trunk),
              trunk.sip().username().map(cipher::open),
              trunk.sip().password().map(cipher::open));
        });
  }
}
