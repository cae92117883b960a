package io.switchboard.application.trunk;

import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.SecretCipher;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.SipPatch;
import io.switchboard.domain.trunk.Trunk;
import java.util.Optional;

/**
 * What the trunk use cases share: finding and locking a trunk by reference, its views, and sealing
 * SIP secrets.
 */
public final class TrunkLookup {
  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final SecretCipher cipher;
  private final NumberViews views;

  public TrunkLookup(
      PhoneNumberRepository numbers,
      TrunkRepository trunks,
      SecretCipher cipher,
      NumberViews views) {
    this.numbers = numbers;
    this.trunks = trunks;
    this.cipher = cipher;
    this.views = views;
  }

  Trunk find(OrganizationId org, TrunkRef ref) {
    Optional<Trunk> found =
        switch (ref) {
          case TrunkRef.ById byId -> trunks.findById(org, byId.id());
          case TrunkRef.ByKey byKey -> trunks.find(org, byKey.number(), byKey.channel());
        };
    return found.orElseThrow(() -> NotFoundException.of(Reason.TRUNK_NOT_FOUND, ref.toString()));
  }

  Trunk lock(OrganizationId org, TrunkRef ref) {
    Trunk found = find(org, ref);
    return trunks
        .lock(org, found.number(), found.channel())
        .orElseThrow(() -> NotFoundException.of(Reason.TRUNK_NOT_FOUND, ref.toString()));
  }

  TrunkView view(RequestContext ctx, Trunk trunk) {
    return view(ctx.organizationId(), trunk);
  }

  TrunkView view(OrganizationId organization, Trunk trunk) {
    PhoneNumberView number =
        views.view(numbers.findById(organization, trunk.phoneNumberId()).orElseThrow());
    return new TrunkView(trunk, number.binding(trunk.channel().bindingChannel()));
  }

  RegisterTrunkUseCase.Result result(Trunk trunk, PhoneNumber number) {
    PhoneNumberView view = views.view(number);
    return new RegisterTrunkUseCase.Result(
        new TrunkView(trunk, view.binding(trunk.channel().bindingChannel())), view);
  }

  /**
   * Refuses when the number moved on since the caller read it; call with the number's row lock
   * held.
   */
  static void requireNumberEtag(PhoneNumber number, Optional<String> expected) {
    if (expected.isPresent() && !expected.get().equals(number.etag())) {
      throw ConcurrencyConflictException.staleEtag("phone number");
    }
  }

  SipPatch seal(SipInput sip) {
    return new SipPatch(
        sip.gateway(),
        sip.port(),
        sealed(sip.username()),
        sealed(sip.password()),
        sip.secondaryGateway());
  }

  private Patch<SealedSecret> sealed(Patch<String> plain) {
    return plain.map(cipher::seal);
  }
}
