package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.timestamp;

import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.proto.v1.ChangeAction;
import io.switchboard.proto.v1.ResourceType;

/** Change events for history pages and watch streams. */
final class ChangeProtoMapper {

  private ChangeProtoMapper() {}

  static io.switchboard.proto.v1.ChangeEvent toProto(ChangeEvent e) {
    var b =
        io.switchboard.proto.v1.ChangeEvent.newBuilder()
            .setRevision(e.revision())
            .setOrganizationId(e.organizationId().toString())
            .setResourceType(resourceType(e.resourceType()))
            .setResourceId(e.resourceId())
            .setAction(action(e.action()))
            .setSourceApi(e.sourceApi().wireName())
            .setOccurTime(timestamp(e.occurredAt()));
    e.number().ifPresent(b::setNumber);
    e.actorKeyId().ifPresent(b::setActorKeyId);
    e.requestId().ifPresent(id -> b.setRequestId(id.value()));
    for (FieldChange c : e.changes()) {
      var fc = io.switchboard.proto.v1.FieldChange.newBuilder().setField(c.field());
      c.from().ifPresent(fc::setOldValue);
      c.to().ifPresent(fc::setNewValue);
      b.addChanges(fc);
    }
    return b.build();
  }

  static ResourceType resourceType(io.switchboard.domain.change.ResourceType type) {
    return switch (type) {
      case PHONE_NUMBER -> ResourceType.RESOURCE_TYPE_PHONE_NUMBER;
      case TRUNK -> ResourceType.RESOURCE_TYPE_TRUNK;
      case BINDING -> ResourceType.RESOURCE_TYPE_BINDING;
      case AGENT -> ResourceType.RESOURCE_TYPE_AGENT;
      case ORGANIZATION -> ResourceType.RESOURCE_TYPE_ORGANIZATION;
      case API_KEY -> ResourceType.RESOURCE_TYPE_API_KEY;
      case INVENTORY -> ResourceType.RESOURCE_TYPE_INVENTORY;
      case WEBHOOK_ENDPOINT -> ResourceType.RESOURCE_TYPE_WEBHOOK_ENDPOINT;
    };
  }

  static ChangeAction action(io.switchboard.domain.change.ChangeAction action) {
    return switch (action) {
      case CREATED -> ChangeAction.CHANGE_ACTION_CREATED;
      case UPDATED -> ChangeAction.CHANGE_ACTION_UPDATED;
      case DELETED -> ChangeAction.CHANGE_ACTION_DELETED;
      case RELEASED -> ChangeAction.CHANGE_ACTION_RELEASED;
    };
  }
}
