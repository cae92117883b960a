package io.switchboard.grpc;

import static io.switchboard.grpc.GrpcTestServer.as;
import static io.switchboard.grpc.GrpcTestServer.badFields;
import static io.switchboard.grpc.GrpcTestServer.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.grpc.Status.Code;
import io.switchboard.application.port.Ports;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.JooqChangeFeed;
import io.switchboard.persistence.JooqPorts;
import io.switchboard.persistence.crypto.AesGcmSecretCipher;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.proto.v1.AuditServiceGrpc;
import io.switchboard.proto.v1.ChangeAction;
import io.switchboard.proto.v1.ChangeEvent;
import io.switchboard.proto.v1.ExportChangesChunk;
import io.switchboard.proto.v1.ExportChangesRequest;
import io.switchboard.proto.v1.ExportFormat;
import io.switchboard.proto.v1.ListChangesRequest;
import io.switchboard.proto.v1.ListChangesResponse;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ResourceType;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AuditService over a real server and database. */
class AuditGrpcIT {
  static TestApplication app;
  static GrpcTestServer server;
  static final AtomicInteger NUMBERS = new AtomicInteger(6000);

  @BeforeAll
  static void start() {
    app = TestApplication.start(AuditGrpcIT.class);
    server = new GrpcTestServer(app);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    app.close();
  }

  static String nextNumber() {
    return "+1208445" + NUMBERS.getAndIncrement();
  }

  private static AuditServiceGrpc.AuditServiceBlockingStub audit(String key) {
    return as(AuditServiceGrpc.newBlockingStub(server.channel()), key);
  }

  private static void label(String key, String id, String label) {
    as(PhoneNumberServiceGrpc.newBlockingStub(server.channel()), key)
        .updatePhoneNumber(
            UpdatePhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    PhoneNumber.newBuilder()
                        .setId(id)
                        .setRouting(Routing.newBuilder().setLabel(label)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                .build());
  }

  @Test
  void list_changes_filters_the_organizations_log_newest_first() {
    var acme = app.tenant("acme");
    String writer = acme.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    String reader = acme.apiKey(Scope.NUMBERS_READ);
    String first = nextNumber();
    String firstId = acme.buy(first).number().id().toString();
    acme.buy(nextNumber());
    label(writer, firstId, "Front desk");
    var other = app.tenant("other");
    other.buy(nextNumber());

    assertThat(audit(reader).listChanges(ListChangesRequest.getDefaultInstance()).getChangesList())
        .extracting(ChangeEvent::getOrganizationId)
        .containsOnly(acme.id().toString());
    ListChangesResponse all =
        audit(reader)
            .listChanges(
                ListChangesRequest.newBuilder()
                    .setResourceType(ResourceType.RESOURCE_TYPE_PHONE_NUMBER)
                    .build());
    assertThat(all.getChangesList()).hasSize(3);
    assertThat(all.getChanges(0).getAction()).isEqualTo(ChangeAction.CHANGE_ACTION_UPDATED);
    assertThat(all.getChanges(0).getChanges(0).getField()).isEqualTo("routing.label");
    assertThat(all.getChanges(0).getChanges(0).getNewValue()).isEqualTo("Front desk");
    assertThat(all.getChangesList())
        .extracting(ChangeEvent::getRevision)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(all.getNextPageToken()).isEmpty();

    ChangeEvent update = all.getChanges(0);
    assertThat(update.getSourceApi()).isEqualTo("grpc");
    assertThat(
            audit(reader)
                .listChanges(
                    ListChangesRequest.newBuilder()
                        .setActorKeyId(update.getActorKeyId())
                        .setSourceApi("grpc")
                        .build())
                .getChangesList())
        .containsExactly(update);
    assertThat(
            audit(reader)
                .listChanges(
                    ListChangesRequest.newBuilder()
                        .setNumber(first)
                        .setAction(ChangeAction.CHANGE_ACTION_CREATED)
                        .build())
                .getChangesList())
        .singleElement()
        .satisfies(e -> assertThat(e.getResourceId()).isEqualTo(firstId));
    assertThat(
            audit(reader)
                .listChanges(
                    ListChangesRequest.newBuilder()
                        .setResourceType(ResourceType.RESOURCE_TYPE_PHONE_NUMBER)
                        .setResourceId(firstId)
                        .build())
                .getChangesCount())
        .isEqualTo(2);
    Timestamp occurred = update.getOccurTime();
    assertThat(
            audit(reader)
                .listChanges(
                    ListChangesRequest.newBuilder()
                        .setStartTime(occurred)
                        .setEndTime(
                            Timestamp.newBuilder()
                                .setSeconds(occurred.getSeconds() + 1)
                                .setNanos(occurred.getNanos()))
                        .build())
                .getChangesList())
        .contains(update)
        .allSatisfy(e -> assertThat(e.getOccurTime().getSeconds()).isIn(occurred.getSeconds()));
  }

  private static ListChangesRequest.Builder numbers() {
    return ListChangesRequest.newBuilder().setResourceType(ResourceType.RESOURCE_TYPE_PHONE_NUMBER);
  }

  @Test
  void pages_chain_through_the_log_and_a_token_is_bound_to_its_filters() {
    var acme = app.tenant("acme");
    String reader = acme.apiKey(Scope.NUMBERS_READ);
    for (int i = 0; i < 5; i++) {
      acme.buy(nextNumber());
    }
    List<ChangeEvent> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListChangesResponse page =
          audit(reader).listChanges(numbers().setPageSize(2).setPageToken(token).build());
      seen.addAll(page.getChangesList());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(5).doesNotHaveDuplicates();

    String issued = audit(reader).listChanges(numbers().setPageSize(2).build()).getNextPageToken();
    failure(
        () ->
            audit(reader)
                .listChanges(
                    numbers()
                        .setPageSize(2)
                        .setPageToken(issued)
                        .setAction(ChangeAction.CHANGE_ACTION_CREATED)
                        .build()),
        Code.INVALID_ARGUMENT,
        "INVALID_PAGE_TOKEN");
    var other = app.tenant("other");
    assertThat(
            audit(other.apiKey(Scope.NUMBERS_READ))
                .listChanges(numbers().setPageSize(2).setPageToken(issued).build())
                .getChangesList())
        .isEmpty();
  }

  @Test
  void bad_filters_are_refused_naming_each_field_and_a_key_without_read_scope_is_denied() {
    var acme = app.tenant("acme");
    var status =
        failure(
            () ->
                audit(acme.apiKey(Scope.NUMBERS_READ))
                    .listChanges(
                        ListChangesRequest.newBuilder()
                            .setStartTime(Timestamp.newBuilder().setSeconds(100))
                            .setEndTime(Timestamp.newBuilder().setSeconds(100))
                            .setNumber("not a number")
                            .setActorKeyId("key-1")
                            .setSourceApi("fax")
                            .setPageSize(-1)
                            .build()),
            Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT");
    assertThat(badFields(status)).contains("end_time", "number", "actor_key_id", "source_api");
    var noType =
        failure(
            () ->
                audit(acme.apiKey(Scope.NUMBERS_READ))
                    .listChanges(ListChangesRequest.newBuilder().setResourceId("t-1").build()),
            Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT");
    assertThat(badFields(noType)).containsExactly("resource_type");
    failure(
        () ->
            audit(acme.apiKey(Scope.NUMBERS_WRITE))
                .listChanges(ListChangesRequest.getDefaultInstance()),
        Code.PERMISSION_DENIED,
        "MISSING_SCOPE");
  }

  private static List<ExportChangesChunk> export(String key, ExportChangesRequest request) {
    List<ExportChangesChunk> chunks = new ArrayList<>();
    audit(key).exportChanges(request).forEachRemaining(chunks::add);
    return chunks;
  }

  private static String text(List<ExportChangesChunk> chunks) {
    ByteString all = ByteString.EMPTY;
    for (ExportChangesChunk chunk : chunks) {
      all = all.concat(chunk.getData());
    }
    return all.toStringUtf8();
  }

  @Test
  void export_changes_streams_a_time_range_oldest_first_in_chunks() {
    var acme = app.tenant("acme");
    String reader = acme.apiKey(Scope.NUMBERS_READ);
    Ports ports =
        JooqPorts.create(
            app.database().dataSource(),
            app.clock(),
            JooqChangeFeed.NotificationConnections.of(
                app.database().jdbcUrl(), app.database().user(), app.database().password()),
            AesGcmSecretCipher.of(TestApplication.keys()));
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    int events = 1200;
    ports
        .transactions()
        .run(() -> {
          for (int i = 0; i < events; i++) {
            ports
                .changeFeed()
                .append(
                    new io.switchboard.domain.change.ChangeEvent(
                        0,
                        acme.id(),
                        io.switchboard.domain.change.ResourceType.INVENTORY,
                        "item-" + i,
                        Optional.empty(),
                        io.switchboard.domain.change.ChangeAction.CREATED,
                        List.of(
                            new FieldChange(
                                "note", Optional.empty(), Optional.of("a, \"b\" " + i))),
                        Optional.empty(),
                        Optional.empty(),
                        SourceApi.SYSTEM,
                        t0.plusSeconds(i)));
          }
        });
    var range =
        ExportChangesRequest.newBuilder()
            .setStartTime(Timestamp.newBuilder().setSeconds(t0.getEpochSecond()))
            .setEndTime(Timestamp.newBuilder().setSeconds(t0.getEpochSecond() + events));

    List<ExportChangesChunk> csvChunks =
        export(reader, range.clone().setFormat(ExportFormat.EXPORT_FORMAT_CSV).build());
    assertThat(csvChunks.size()).as("a file of several chunks").isGreaterThan(2);
    assertThat(csvChunks.getFirst().getContentType()).startsWith("text/csv");
    assertThat(csvChunks.subList(1, csvChunks.size()))
        .allSatisfy(c -> assertThat(c.getContentType()).isEmpty());
    assertThat(csvChunks)
        .allSatisfy(c -> assertThat(c.getData().size()).isLessThanOrEqualTo(64 * 1024));
    String[] records = text(csvChunks).split("\r\n", -1);
    assertThat(records).hasSize(events + 2);
    for (int i = 0; i < events; i++) {
      assertThat(records[i + 1])
          .contains(",item-" + i + ",")
          .contains("\"\"new_value\"\":\"\"a, \\\"\"b\\\"\" " + i + "\"\"}]\"");
    }

    List<String> lines =
        text(export(reader, range.clone().setFormat(ExportFormat.EXPORT_FORMAT_NDJSON).build()))
            .lines()
            .toList();
    assertThat(lines).hasSize(events);
    assertThat(lines.getFirst()).contains("\"resource_id\":\"item-0\"");
    assertThat(lines.getLast()).contains("\"resource_id\":\"item-" + (events - 1) + "\"");

    var stranger = app.tenant("stranger");
    List<ExportChangesChunk> nothing =
        export(
            stranger.apiKey(Scope.NUMBERS_READ),
            range.clone().setFormat(ExportFormat.EXPORT_FORMAT_NDJSON).build());
    assertThat(nothing).singleElement().satisfies(c -> assertThat(c.getData().isEmpty()).isTrue());
  }

  @Test
  void an_export_needs_both_ends_of_its_range_and_the_read_scope() {
    var acme = app.tenant("acme");
    var status =
        failure(
            () ->
                export(acme.apiKey(Scope.NUMBERS_READ), ExportChangesRequest.getDefaultInstance()),
            Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT");
    assertThat(badFields(status)).containsExactlyInAnyOrder("start_time", "end_time");
    failure(
        () ->
            export(
                acme.apiKey(Scope.NUMBERS_WRITE),
                ExportChangesRequest.newBuilder()
                    .setStartTime(Timestamp.newBuilder().setSeconds(0))
                    .setEndTime(Timestamp.newBuilder().setSeconds(100))
                    .build()),
        Code.PERMISSION_DENIED,
        "MISSING_SCOPE");
    var huge =
        failure(
            () ->
                audit(acme.apiKey(Scope.NUMBERS_READ))
                    .listChanges(
                        ListChangesRequest.newBuilder()
                            .setStartTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
                            .build()),
            Code.INVALID_ARGUMENT,
            "INVALID_ARGUMENT");
    assertThat(badFields(huge)).containsExactly("start_time");
  }
}
