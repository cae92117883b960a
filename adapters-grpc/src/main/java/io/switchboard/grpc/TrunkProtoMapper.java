package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.timestamp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.switchboard.application.port.query.BoundAgent;
import io.switchboard.application.trunk.GetTrunkCredentialsUseCase;
import io.switchboard.application.trunk.RegisterTrunkUseCase;
import io.switchboard.application.trunk.SipInput;
import io.switchboard.application.trunk.TrunkRef;
import io.switchboard.application.trunk.TrunkView;
import io.switchboard.application.trunk.UpdateTrunkUseCase;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.trunk.AdditionalSettings;
import io.switchboard.domain.trunk.SipHost;
import io.switchboard.domain.trunk.SipPort;
import io.switchboard.domain.trunk.Trunk;
import io.switchboard.domain.trunk.TrunkDirection;
import io.switchboard.domain.trunk.TrunkId;
import io.switchboard.domain.trunk.TrunkName;
import io.switchboard.proto.v1.CreateTrunkRequest;
import io.switchboard.proto.v1.SipSettings;
import io.switchboard.proto.v1.TrunkCredentials;
import io.switchboard.proto.v1.UpdateTrunkRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Trunk protos to and from the domain. Credentials only ever travel inwards: responses say whether
 * each is set, except the credentials response of the internal routing service.
 */
final class TrunkProtoMapper {

  static final List<String> UPDATABLE_PATHS =
      List.of(
          "name",
          "direction",
          "sip.gateway",
          "sip.port",
          "sip.username",
          "sip.password",
          "sip.secondary_gateway",
          "additional_settings");

  private TrunkProtoMapper() {}

  // ---- to proto

  static io.switchboard.proto.v1.Trunk toProto(TrunkView view) {
    return toProto(view.trunk(), view.agent());
  }

  static io.switchboard.proto.v1.Trunk toProto(Trunk t, Optional<BoundAgent> agent) {
    var sip =
        SipSettings.newBuilder()
            .setUsernameSet(t.sip().username().isPresent())
            .setPasswordSet(t.sip().password().isPresent());
    t.sip().gateway().ifPresent(g -> sip.setGateway(g.value()));
    t.sip().port().ifPresent(p -> sip.setPort(p.value()));
    t.sip().secondaryGateway().ifPresent(g -> sip.setSecondaryGateway(g.value()));
    var b =
        io.switchboard.proto.v1.Trunk.newBuilder()
            .setId(t.id().toString())
            .setPhoneNumberId(t.phoneNumberId().toString())
            .setNumber(t.number().value())
            .setChannel(CommonProtoMapper.trunkChannel(t.channel()))
            .setName(t.name().value())
            .setSip(sip)
            .setAdditionalSettings(struct(t.additionalSettings()))
            .setCreateTime(timestamp(t.createdAt()))
            .setUpdateTime(timestamp(t.updatedAt()))
            .setEtag(Long.toString(t.version()));
    t.direction().ifPresent(d -> b.setDirection(direction(d)));
    agent.ifPresent(a -> b.setAgent(CommonProtoMapper.boundAgent(a)));
    return b.build();
  }

  static TrunkCredentials credentials(GetTrunkCredentialsUseCase.Credentials credentials) {
    var b = TrunkCredentials.newBuilder().setTrunk(toProto(credentials.trunk()));
    credentials.username().ifPresent(b::setUsername);
    credentials.password().ifPresent(b::setPassword);
    return b.build();
  }

  static io.switchboard.proto.v1.TrunkDirection direction(TrunkDirection d) {
    return switch (d) {
      case INBOUND -> io.switchboard.proto.v1.TrunkDirection.TRUNK_DIRECTION_INBOUND;
      case OUTBOUND -> io.switchboard.proto.v1.TrunkDirection.TRUNK_DIRECTION_OUTBOUND;
      case BOTH -> io.switchboard.proto.v1.TrunkDirection.TRUNK_DIRECTION_BOTH;
    };
  }

  static Struct struct(AdditionalSettings settings) {
    try {
      var b = Struct.newBuilder();
      JsonFormat.parser().merge(settings.json(), b);
      return b.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored additional settings are not a JSON object", e);
    }
  }

  // ---- from proto

  static RegisterTrunkUseCase.Command createCommand(CreateTrunkRequest request) {
    var violations = new Violations();
    var t = request.getTrunk();
    E164 number =
        t.getNumber().isEmpty()
            ? missing(violations, "trunk.number")
            : violations.parse("trunk.number", () -> E164.parse(t.getNumber()));
    var channel =
        violations.parse("", () -> CommonProtoMapper.trunkChannel(t.getChannel(), "trunk.channel"));
    Optional<AgentId> agent =
        request.getAgentId().isEmpty()
            ? Optional.empty()
            : Optional.ofNullable(
                violations.parse("agent_id", () -> new AgentId(request.getAgentId())));
    Optional<TrunkName> name =
        t.getName().isEmpty()
            ? Optional.empty()
            : Optional.ofNullable(violations.parse("trunk.name", () -> new TrunkName(t.getName())));
    Optional<TrunkDirection> direction = Optional.empty();
    if (t.getDirection() != io.switchboard.proto.v1.TrunkDirection.TRUNK_DIRECTION_UNSPECIFIED) {
      direction =
          Optional.ofNullable(
              violations.parse("trunk.direction", () -> direction(t.getDirection())));
    }
    SipInput sip = sipInput(Set.copyOf(UPDATABLE_PATHS), t.getSip(), true, violations);
    AdditionalSettings settings =
        t.hasAdditionalSettings()
            ? violations.parse(
                "trunk.additional_settings", () -> additionalSettings(t.getAdditionalSettings()))
            : AdditionalSettings.EMPTY;
    var policy =
        violations.parse(
            "",
            () -> CommonProtoMapper.conflictPolicy(request.getConflictPolicy(), "conflict_policy"));
    violations.throwIfAny();
    return new RegisterTrunkUseCase.Command(
        number, channel, agent, name, direction, sip, settings, policy);
  }

  static UpdateTrunkUseCase.Command updateCommand(UpdateTrunkRequest request) {
    var violations = new Violations();
    var t = request.getTrunk();
    TrunkRef ref = null;
    if (!t.getId().isEmpty()) {
      ref = violations.parse("trunk.id", () -> new TrunkRef.ById(TrunkId.parse(t.getId())));
    } else if (!t.getNumber().isEmpty()) {
      ref =
          violations.parse(
              "",
              () ->
                  CommonProtoMapper.trunkRef(
                      io.switchboard.proto.v1.TrunkRef.newBuilder()
                          .setKey(
                              io.switchboard.proto.v1.TrunkRef.Key.newBuilder()
                                  .setNumber(t.getNumber())
                                  .setChannelValue(t.getChannelValue()))
                          .build(),
                      "trunk"));
    } else {
      violations.add("trunk.id", "is required (or trunk.number and trunk.channel)");
    }
    Set<String> paths = UpdateMasks.leaves(request.getUpdateMask(), UPDATABLE_PATHS, violations);
    Patch<TrunkName> name = Patch.keep();
    if (paths.contains("name")) {
      name =
          t.getName().isEmpty()
              ? Patch.clear()
              : setOrKeep(violations.parse("trunk.name", () -> new TrunkName(t.getName())));
    }
    Patch<TrunkDirection> direction = Patch.keep();
    if (paths.contains("direction")) {
      direction =
          t.getDirection() == io.switchboard.proto.v1.TrunkDirection.TRUNK_DIRECTION_UNSPECIFIED
              ? Patch.clear()
              : setOrKeep(violations.parse("trunk.direction", () -> direction(t.getDirection())));
    }
    SipInput sip = sipInput(paths, t.getSip(), false, violations);
    Patch<AdditionalSettings> settings = Patch.keep();
    if (paths.contains("additional_settings")) {
      settings =
          setOrKeep(
              violations.parse(
                  "trunk.additional_settings",
                  () -> additionalSettings(t.getAdditionalSettings())));
    }
    violations.throwIfAny();
    Optional<Long> expectedVersion =
        Optional.of(t.getEtag()).filter(e -> !e.isEmpty()).map(TrunkProtoMapper::version);
    return new UpdateTrunkUseCase.Command(ref, name, direction, sip, settings, expectedVersion);
  }

  /**
   * An etag this service did not issue can never be current: it compares as stale (ABORTED), like
   * any old one.
   */
  private static long version(String etag) {
    try {
      return Long.parseLong(etag);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * @param onCreate on creation empty fields mean "not given"; on update a masked empty field
   *     clears
   */
  private static SipInput sipInput(
      Set<String> paths, SipSettings s, boolean onCreate, Violations violations) {
    Patch<SipHost> gateway = hostPatch(paths, "sip.gateway", s.getGateway(), onCreate, violations);
    Patch<SipPort> port = portPatch(paths, s.getPort(), onCreate, violations);
    Patch<String> username = credentialPatch(paths, "sip.username", s.getUsername(), onCreate);
    Patch<String> password = credentialPatch(paths, "sip.password", s.getPassword(), onCreate);
    Patch<SipHost> secondary =
        hostPatch(paths, "sip.secondary_gateway", s.getSecondaryGateway(), onCreate, violations);
    SipInput input =
        violations.parse(
            "trunk.sip", () -> new SipInput(gateway, port, username, password, secondary));
    return input == null ? SipInput.NONE : input;
  }

  private static Patch<SipPort> portPatch(
      Set<String> paths, int value, boolean onCreate, Violations violations) {
    if (!paths.contains("sip.port") || (onCreate && value == 0)) {
      return Patch.keep();
    }
    return value == 0
        ? Patch.clear()
        : setOrKeep(violations.parse("trunk.sip.port", () -> SipPort.of(value)));
  }

  private static Patch<SipHost> hostPatch(
      Set<String> paths, String path, String value, boolean onCreate, Violations violations) {
    if (!paths.contains(path) || (onCreate && value.isEmpty())) {
      return Patch.keep();
    }
    return value.isEmpty()
        ? Patch.clear()
        : setOrKeep(violations.parse("trunk." + path, () -> new SipHost(value)));
  }

  private static Patch<String> credentialPatch(
      Set<String> paths, String path, String value, boolean onCreate) {
    if (!paths.contains(path) || (onCreate && value.isEmpty())) {
      return Patch.keep();
    }
    return value.isEmpty() ? Patch.clear() : Patch.set(value);
  }

  static TrunkDirection direction(io.switchboard.proto.v1.TrunkDirection d) {
    return switch (d) {
      case TRUNK_DIRECTION_INBOUND -> TrunkDirection.INBOUND;
      case TRUNK_DIRECTION_OUTBOUND -> TrunkDirection.OUTBOUND;
      case TRUNK_DIRECTION_BOTH -> TrunkDirection.BOTH;
      case TRUNK_DIRECTION_UNSPECIFIED, UNRECOGNIZED ->
          throw InvalidArgumentException.of("", "must be INBOUND, OUTBOUND or BOTH");
    };
  }

  static AdditionalSettings additionalSettings(Struct struct) {
    try {
      return new AdditionalSettings(
          JsonFormat.printer().omittingInsignificantWhitespace().print(struct));
    } catch (InvalidProtocolBufferException e) {
      throw InvalidArgumentException.of("", "must be a JSON object");
    }
  }

  private static <T> Patch<T> setOrKeep(T parsed) {
    return parsed == null ? Patch.keep() : Patch.set(parsed);
  }

  private static <T> T missing(Violations violations, String field) {
    violations.add(field, "is required");
    return null;
  }
}
