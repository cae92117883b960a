package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.timestamp;

import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.org.ApiKey;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.domain.org.Scope;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Organizations and API keys. A key's secret is never part of an ApiKey message. */
final class AdminProtoMapper {

  private AdminProtoMapper() {}

  static io.switchboard.proto.v1.Organization toProto(Organization org) {
    return io.switchboard.proto.v1.Organization.newBuilder()
        .setId(org.id().toString())
        .setName(org.name())
        .setPurchaseLimit(org.purchaseLimit())
        .setCreateTime(timestamp(org.createdAt()))
        .build();
  }

  static io.switchboard.proto.v1.ApiKey toProto(ApiKey key) {
    var b =
        io.switchboard.proto.v1.ApiKey.newBuilder()
            .setId(key.id().toString())
            .setOrganizationId(key.organizationId().toString())
            .setName(key.name())
            .setPrefix(key.prefix())
            .addAllScopes(key.scopes().stream().map(Scope::wireName).sorted().toList())
            .setCreateTime(timestamp(key.createdAt()));
    key.revokedAt().ifPresent(at -> b.setRevokeTime(timestamp(at)));
    return b.build();
  }

  static OrganizationId organizationId(String text, String field) {
    return new OrganizationId(uuid(text, field));
  }

  static ApiKeyId apiKeyId(String text, String field) {
    return new ApiKeyId(uuid(text, field));
  }

  static Set<Scope> scopes(List<String> names) {
    var violations = new Violations();
    var scopes = EnumSet.noneOf(Scope.class);
    if (names.isEmpty()) {
      violations.add("scopes", "must name at least one scope");
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Scope.fromWireName(name)
          .ifPresentOrElse(
              scopes::add,
              () ->
                  violations.add(
                      "scopes",
                      "unknown scope " + (name.length() > 64 ? name.substring(0, 64) : name)));
    }
    violations.throwIfAny();
    return scopes;
  }

  private static UUID uuid(String text, String field) {
    try {
      if (text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of(field, "must be a UUID");
    }
  }
}
