package io.switchboard.rest.mindhunters;

import static io.switchboard.rest.mindhunters.MindhuntersApi.PREFIX;
import static io.switchboard.rest.mindhunters.MindhuntersJson.envelope;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.switchboard.application.audit.ExportChangesCommand;
import io.switchboard.application.audit.ExportChangesUseCase;
import io.switchboard.application.audit.ExportFormat;
import io.switchboard.application.audit.ListChangesQuery;
import io.switchboard.application.audit.ListChangesUseCase;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.TokenSigner;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.rest.FieldProblems;
import io.switchboard.rest.JsonBodies;
import io.switchboard.rest.JsonResponse;
import io.switchboard.rest.QueryReader;
import io.switchboard.rest.RequestIds;
import io.switchboard.rest.RestSupport;
import io.switchboard.rest.StreamedResponses;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organization's audit log (an extension of the dialect): a cursor-paged list, newest first,
 * and an export of a time range as CSV or NDJSON, streamed as it is read from the database.
 */
final class AuditEventRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AuditEventRoutes.class);
  static final SourceApi SOURCE = SourceApi.REST_MINDHUNTERS;
  static final int MAX_PER_PAGE = 100;
  static final int DEFAULT_PER_PAGE = 25;
  private static final String EVENTS = PREFIX + "/audit-events";
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private final RestSupport support;
  private final ListChangesUseCase listChanges;
  private final ExportChangesUseCase exportChanges;
  private final TokenSigner signer;

  AuditEventRoutes(
      RestSupport support,
      ListChangesUseCase listChanges,
      ExportChangesUseCase exportChanges,
      TokenSigner signer) {
    this.support = support;
    this.listChanges = listChanges;
    this.exportChanges = exportChanges;
    this.signer = signer;
  }

  void register(JavalinConfig config) {
    config.routes.get(EVENTS, this::list);
    config.routes.get(EVENTS + "/export", this::export);
  }

  private void list(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    FieldProblems problems = new FieldProblems();
    QueryReader q = new QueryReader(http, problems);
    int perPage =
        q.integer("per_page")
            .map(p -> (int) MindhuntersValues.between(p, 1, MAX_PER_PAGE))
            .optional()
            .orElse(DEFAULT_PER_PAGE);
    Optional<String> cursor = q.string(AuditCursor.FIELD).optional();
    ChangeFilter filter = filter(q);
    Optional<Long> before = cursor.map(c -> AuditCursor.decode(c, filter, signer));
    Page<ChangeEvent, Long> page =
        listChanges.list(ctx, new ListChangesQuery(filter, perPage, before));

    ArrayNode items = JsonBodies.array();
    page.items().forEach(e -> items.add(event(e)));
    ObjectNode pagination = JsonBodies.object();
    pagination.put("per_page", perPage);
    pagination.put("has_more", page.next().isPresent());
    pagination.put(
        "next_cursor", page.next().map(r -> AuditCursor.encode(r, filter, signer)).orElse(null));
    ObjectNode data = JsonBodies.object();
    data.set("items", items);
    data.set("pagination", pagination);
    support.write(http, JsonResponse.of(200, envelope("Audit events retrieved", data)));
  }

  /**
   * Streams the file: the headers go out first, then the rows as the use case writes them, in
   * chunks. A failure before the first bytes leave is an ordinary error response; one after them
   * cuts the connection, so the client sees a truncated transfer, never a file that looks whole.
   */
  private void export(Context http) {
    RequestContext ctx = support.authenticate(http, SOURCE);
    FieldProblems problems = new FieldProblems();
    QueryReader q = new QueryReader(http, problems);
    ExportFormat format =
        q.string("format").map(f -> ExportFormat.parse("", f)).optional().orElse(ExportFormat.CSV);
    ChangeFilter filter = filter(q);
    ExportChangesCommand command = new ExportChangesCommand(filter, format);

    http.status(200);
    http.contentType(format.mediaType());
    http.header(
        "Content-Disposition", "attachment; filename=\"audit-events." + format.wireName() + "\"");
    try {
      OutputStream out = http.res().getOutputStream();
      exportChanges.export(ctx, command, out);
      out.flush();
    } catch (IOException | RuntimeException failure) {
      if (!http.res().isCommitted()) {
        http.res().resetBuffer();
        http.res().setHeader("Content-Disposition", null);
        throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
      }
      RequestId requestId = RequestIds.of(http);
      LOG.warn(
          "audit export cut off after its first bytes (request {}); closing the connection",
          requestId,
          failure);
      StreamedResponses.abort(http, failure);
    }
  }

  /** Every filter parameter checked, every problem reported at once. */
  private static ChangeFilter filter(QueryReader q) {
    FieldProblems problems = q.problems();
    Optional<Instant> from = q.string("from").map(AuditEventRoutes::instant).optional();
    Optional<Instant> to = q.string("to").map(AuditEventRoutes::instant).optional();
    Optional<ResourceType> type =
        q.string("resource_type")
            .map(s -> MindhuntersValues.enumValue(s, ResourceType.class))
            .optional();
    Optional<String> resourceId = q.string("resource_id").optional();
    Optional<E164> number = q.string("number").map(E164::parse).optional();
    Optional<ApiKeyId> actor =
        q.string("actor_key_id").map(s -> new ApiKeyId(MindhuntersValues.uuid(s))).optional();
    Optional<ChangeAction> action =
        q.string("action").map(s -> MindhuntersValues.enumValue(s, ChangeAction.class)).optional();
    Optional<SourceApi> door = q.string("source_api").map(AuditEventRoutes::door).optional();
    problems.throwIfAny();
    return new ChangeFilter(from, to, type, resourceId, number, actor, action, door);
  }

  /** An ISO-8601 time with an offset: {@code 2026-03-01T10:00:00Z}, {@code ...+01:00}. */
  private static Instant instant(String text) {
    try {
      Instant at = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
        throw InvalidArgumentException.of("", "must be between the years 1 and 9999");
      }
      return at;
    } catch (DateTimeParseException e) {
      throw InvalidArgumentException.of(
          "", "must be an ISO-8601 time with an offset, such as 2026-03-01T10:00:00Z");
    }
  }

  private static SourceApi door(String text) {
    try {
      return SourceApi.fromWireName(text);
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of(
          "", "must be one of grpc, rest.mindhunters, rest.voiceos, rest.agentmessage, system");
    }
  }

  /** One event, its fields named as in the NDJSON export. */
  static ObjectNode event(ChangeEvent e) {
    ObjectNode node = JsonBodies.object();
    node.put("revision", e.revision());
    node.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()));
    node.put("organization_id", e.organizationId().toString());
    node.put("resource_type", MindhuntersJson.lower(e.resourceType()));
    node.put("resource_id", e.resourceId());
    node.put("number", e.number().orElse(null));
    node.put("action", MindhuntersJson.lower(e.action()));
    ArrayNode changes = node.putArray("changes");
    for (FieldChange c : e.changes()) {
      ObjectNode change = changes.addObject();
      change.put("field", c.field());
      change.put("old_value", c.from().orElse(null));
      change.put("new_value", c.to().orElse(null));
    }
    node.put("actor_key_id", e.actorKeyId().orElse(null));
    node.put("request_id", e.requestId().map(RequestId::value).orElse(null));
    node.put("source_api", e.sourceApi().wireName());
    return node;
  }
}
