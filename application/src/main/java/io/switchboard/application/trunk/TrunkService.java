package io.switchboard.application.trunk;

import io.switchboard.application.admin.AdminService;
import io.switchboard.application.binding.BindingService;
import io.switchboard.application.common.ChangeRecorder;
import io.switchboard.application.common.NumberViews;
import io.switchboard.application.common.Page;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.AgentRepository;
import io.switchboard.application.port.BindingRepository;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.OrganizationRepository;
import io.switchboard.application.port.PhoneNumberRepository;
import io.switchboard.application.port.SecretCipher;
import io.switchboard.application.port.Transactions;
import io.switchboard.application.port.TrunkRepository;
import io.switchboard.domain.binding.BindingConflictPolicy;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.Changes;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.AlreadyExistsException;
import io.switchboard.domain.error.ConcurrencyConflictException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import io.switchboard.domain.trunk.SealedSecret;
import io.switchboard.domain.trunk.SipPatch;
import io.switchboard.domain.trunk.SipSettings;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkChannel;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.trunk.TrunkPatch;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** External SIP trunks (bring-your-own numbers): register, update, reassign, delete, read. */
public final class TrunkService implements RegisterTrunkUseCase, UpdateTrunkUseCase, AssignTrunkUseCase,
    DeleteTrunkUseCase, GetTrunkUseCase, GetTrunkCredentialsUseCase {

  private static final Currency BILLING_CURRENCY = Currency.getInstance("EUR");

  private final PhoneNumberRepository numbers;
  private final TrunkRepository trunks;
  private final BindingRepository bindings;
  private final OrganizationRepository organizations;
  private final BindingService bindingService;
  private final SecretCipher cipher;
  private final Transactions tx;
  private final NumberViews views;
  private final ChangeRecorder recorder;
  private final Clock clock;
  private final Supplier<PhoneNumberId> numberIds;
  private final Supplier<TrunkId> trunkIds;

  public TrunkService(PhoneNumberRepository numbers, TrunkRepository trunks, BindingRepository bindings,
      AgentRepository agents, OrganizationRepository organizations, BindingService bindingService, SecretCipher cipher,
      ChangeFeed feed, Transactions tx, Clock clock, Supplier<PhoneNumberId> numberIds, Supplier<TrunkId> trunkIds) {
    this.numbers = numbers;
    this.trunks = trunks;
    this.bindings = bindings;
    this.organizations = organizations;
    this.bindingService = bindingService;
    this.cipher = cipher;
    this.tx = tx;
    this.clock = clock;
    this.numberIds = numberIds;
    this.trunkIds = trunkIds;
    this.views = new NumberViews(numbers, bindings, agents);
    this.recorder = new ChangeRecorder(feed, clock);
  }

  @Override
  public Result register(RequestContext ctx, RegisterTrunkUseCase.Command command) {
    ctx.require(Scope.NUMBERS_WRITE);
    SipPatch sealed = seal(command.sip());
    return tx.inTransaction(ctx.deadline(), () -> {
      OrganizationId org = ctx.organizationId();
      Instant now = clock.instant();
      PhoneNumber number = externalNumberFor(ctx, command).orElse(null);
      if (number == null) {
        // Registrations of one new number (same or other channel) would race to insert it and all but one fail on
        // the unique number: the organization's row lock serializes them, and the later ones find the first's number.
        organizations.lock(org);
        number = externalNumberFor(ctx, command).orElse(null);
      }
      if (number == null) {
        number = PhoneNumber.registerExternal(numberIds.get(), org, command.number(), BILLING_CURRENCY, now);
        numbers.insert(number);
        recorder.record(ctx, ResourceType.PHONE_NUMBER, number.id().toString(), Optional.of(number.number().value()),
            ChangeAction.CREATED, Changes.diff(Map.of(), Changes.describe(number)));
      } else {
        number = numbers.lockById(org, number.id()).orElseThrow();
      }
      if (trunks.find(org, command.number(), command.channel()).isPresent()) {
        throw new AlreadyExistsException(Reason.TRUNK_ALREADY_EXISTS,
            "a trunk for " + command.number() + " on " + lower(command.channel()) + " exists already");
      }
      Trunk trunk = Trunk.register(trunkIds.get(), org, number.id(), command.number(), command.channel(), command.name(),
          command.direction(), SipSettings.NONE.apply(sealed), command.additionalSettings(), now);
      trunks.insert(trunk);
      recorder.record(ctx, ResourceType.TRUNK, trunk.id().toString(), Optional.of(trunk.number().value()),
          ChangeAction.CREATED, Changes.diff(Map.of(), Changes.describe(trunk)));
      if (command.agentId().isPresent()) {
        number = bindingService.bindLocked(ctx, number, command.channel().bindingChannel(), command.agentId().get(),
            command.policy());
      } else {
        number = number.touched(now);
        numbers.update(number);
      }
      return result(ctx, trunk, number);
    });
  }

  /** The organization's external number, or empty when the number is new to the platform. */
  private Optional<PhoneNumber> externalNumberFor(RequestContext ctx, RegisterTrunkUseCase.Command command) {
    Optional<PhoneNumber> held = numbers.findHeldAnywhere(command.number());
    if (held.isEmpty()) {
      return Optional.empty();
    }
    PhoneNumber number = held.get();
    if (!number.organizationId().equals(ctx.organizationId())) {
      throw new AlreadyExistsException(Reason.PHONE_NUMBER_UNAVAILABLE, "phone number " + command.number() + " is not available");
    }
    if (!number.isExternal()) {
      throw new AlreadyExistsException(Reason.PHONE_NUMBER_IS_PURCHASED,
          "phone number " + command.number() + " is in your purchased inventory; bind an agent to it instead");
    }
    return held;
  }

  @Override
  public Result update(RequestContext ctx, UpdateTrunkUseCase.Command command) {
    ctx.require(Scope.NUMBERS_WRITE);
    SipPatch sealed = seal(command.sip());
    return tx.inTransaction(ctx.deadline(), () -> {
      OrganizationId org = ctx.organizationId();
      Trunk current = lock(org, command.ref());
      if (command.expectedVersion().isPresent() && command.expectedVersion().get() != current.version()) {
        throw ConcurrencyConflictException.staleEtag("trunk");
      }
      Instant now = clock.instant();
      Trunk next = current.apply(new TrunkPatch(command.name(), command.direction(), sealed, command.additionalSettings()),
          now);
      PhoneNumber number = numbers.lockById(org, current.phoneNumberId()).orElseThrow();
      if (next != current) {
        trunks.update(next);
        recorder.record(ctx, ResourceType.TRUNK, next.id().toString(), Optional.of(next.number().value()),
            ChangeAction.UPDATED, Changes.diff(current, next));
        number = number.touched(now);
        numbers.update(number);
      }
      return result(ctx, next, number);
    });
  }

  @Override
  public Result assign(RequestContext ctx, TrunkRef ref, io.switchboard.domain.agent.AgentId agentId,
      BindingConflictPolicy policy) {
    ctx.require(Scope.NUMBERS_WRITE);
    return tx.inTransaction(ctx.deadline(), () -> {
      OrganizationId org = ctx.organizationId();
      Trunk trunk = lock(org, ref);
      PhoneNumber number = numbers.lockById(org, trunk.phoneNumberId()).orElseThrow();
      // Reassigning replaces the agent on this number: the previous agent's hold on it is not a conflict.
      var current = bindings.find(org, number.id(), trunk.channel().bindingChannel());
      if (current.isPresent() && !current.get().agentId().equals(agentId)) {
        number = bindingService.removeLocked(ctx, number, trunk.channel().bindingChannel(), current.get());
      }
      number = bindingService.bindLocked(ctx, number, trunk.channel().bindingChannel(), agentId, policy);
      return result(ctx, trunk, number);
    });
  }

  @Override
  public TrunkView delete(RequestContext ctx, TrunkRef ref) {
    ctx.require(Scope.NUMBERS_WRITE);
    return tx.inTransaction(ctx.deadline(), () -> {
      OrganizationId org = ctx.organizationId();
      Trunk trunk = lock(org, ref);
      PhoneNumber number = numbers.lockById(org, trunk.phoneNumberId()).orElseThrow();
      TrunkView view = view(ctx, trunk);
      var binding = bindings.find(org, number.id(), trunk.channel().bindingChannel());
      if (binding.isPresent()) {
        number = bindingService.removeLocked(ctx, number, trunk.channel().bindingChannel(), binding.get());
      }
      trunks.delete(org, trunk.id());
      recorder.record(ctx, ResourceType.TRUNK, trunk.id().toString(), Optional.of(trunk.number().value()),
          ChangeAction.DELETED, Changes.diff(Changes.describe(trunk), Map.of()));
      if (number.isExternal() && trunks.findByNumber(org, number.id()).isEmpty()
          && bindings.findByNumber(org, number.id()).isEmpty()) {
        numbers.delete(org, number.id());
        recorder.record(ctx, ResourceType.PHONE_NUMBER, number.id().toString(), Optional.of(number.number().value()),
            ChangeAction.DELETED, Changes.diff(Changes.describe(number), Map.of()));
      } else {
        numbers.update(number.touched(clock.instant()));
      }
      return view;
    });
  }

  @Override
  public TrunkView get(RequestContext ctx, TrunkRef ref) {
    ctx.require(Scope.NUMBERS_READ);
    return tx.inTransaction(ctx.deadline(), () -> view(ctx, find(ctx.organizationId(), ref)));
  }

  @Override
  public Page<TrunkView, TrunkId> list(RequestContext ctx, Optional<TrunkChannel> channel, int pageSize,
      Optional<TrunkId> after) {
    ctx.require(Scope.NUMBERS_READ);
    if (pageSize < 1 || pageSize > 1000) {
      throw io.switchboard.domain.error.InvalidArgumentException.of("page_size", "must be between 1 and 1000");
    }
    return tx.inTransaction(ctx.deadline(), () -> trunks.list(ctx.organizationId(), channel, pageSize, after)
        .map(t -> view(ctx, t)));
  }

  @Override
  public Credentials credentials(RequestContext ctx, TrunkRef ref) {
    ctx.require(Scope.TRUNK_CREDENTIALS);
    // An internal scope acts platform-wide, as ResolveInbound does: the router that resolved a call to a trunk of any
    // organization fetches that trunk's credentials. Only platform keys act so (AdminService gives internal scopes to
    // no other key); a tenant's principal, however it came by the scope, stays in its organization.
    return tx.inTransaction(ctx.deadline(), () -> {
      boolean platform = organizations.findById(ctx.organizationId())
          .filter(org -> org.name().equals(AdminService.DEFAULT_ORGANIZATION)).isPresent();
      Trunk trunk = (platform ? switch (ref) {
        case TrunkRef.ById byId -> trunks.findByIdAnywhere(byId.id());
        case TrunkRef.ByKey byKey -> trunks.findAnywhere(byKey.number(), byKey.channel());
      } : Optional.of(find(ctx.organizationId(), ref))).orElseThrow(() -> NotFoundException.of(Reason.TRUNK_NOT_FOUND, ref.toString()));
      return new Credentials(view(trunk.organizationId(), trunk), trunk.sip().username().map(cipher::open),
          trunk.sip().password().map(cipher::open));
    });
  }

  private Trunk find(OrganizationId org, TrunkRef ref) {
    Optional<Trunk> found = switch (ref) {
      case TrunkRef.ById byId -> trunks.findById(org, byId.id());
      case TrunkRef.ByKey byKey -> trunks.find(org, byKey.number(), byKey.channel());
    };
    return found.orElseThrow(() -> NotFoundException.of(Reason.TRUNK_NOT_FOUND, ref.toString()));
  }

  private Trunk lock(OrganizationId org, TrunkRef ref) {
    Trunk found = find(org, ref);
    return trunks.lock(org, found.number(), found.channel()).orElseThrow(() -> NotFoundException.of(Reason.TRUNK_NOT_FOUND, ref.toString()));
  }

  private TrunkView view(RequestContext ctx, Trunk trunk) {
    return view(ctx.organizationId(), trunk);
  }

  private TrunkView view(OrganizationId organization, Trunk trunk) {
    PhoneNumberView number = views.view(numbers.findById(organization, trunk.phoneNumberId()).orElseThrow());
    return new TrunkView(trunk, number.binding(trunk.channel().bindingChannel()));
  }

  private Result result(RequestContext ctx, Trunk trunk, PhoneNumber number) {
    PhoneNumberView view = views.view(number);
    return new Result(new TrunkView(trunk, view.binding(trunk.channel().bindingChannel())), view);
  }

  private SipPatch seal(SipInput sip) {
    return new SipPatch(sip.gateway(), sip.port(), sealed(sip.username()), sealed(sip.password()), sip.secondaryGateway());
  }

  private Patch<SealedSecret> sealed(Patch<String> plain) {
    return plain.map(cipher::seal);
  }

  private static String lower(TrunkChannel c) {
    return c.name().toLowerCase(java.util.Locale.ROOT);
  }
}
