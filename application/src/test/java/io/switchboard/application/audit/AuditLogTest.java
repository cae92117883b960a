package io.switchboard.application.audit;

import static io.switchboard.application.UseCaseSupport.ref;
import static io.switchboard.application.UseCaseSupport.refused;
import static io.switchboard.application.UseCaseSupport.setLabel;
import static io.switchboard.application.UseCaseSupport.usNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.UseCaseFixture;
import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.application.port.query.Page;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.PermissionDeniedException;
import io.switchboard.domain.org.Scope;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private UseCaseFixture app;
  private UseCaseFixture.Tenant acme;
  private UseCaseFixture.Tenant other;

  @BeforeEach
  void start() {
    app = UseCaseFixture.start();
    acme = app.tenant("acme");
    other = app.tenant("other");
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private static RequestContext through(RequestContext ctx, SourceApi door) {
    return new RequestContext(ctx.principal(), RequestId.random(), door, Optional.empty());
  }

  private List<ChangeEvent> list(RequestContext ctx, ChangeFilter filter) {
    return app.listChanges()
        .list(ctx, new ListChangesQuery(filter, 1000, Optional.empty()))
        .items();
  }

  private String export(RequestContext ctx, ChangeFilter filter, ExportFormat format) {
    var out = new ByteArrayOutputStream();
    app.exportChanges().export(ctx, new ExportChangesCommand(filter, format), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void the_log_lists_only_the_callers_organization_newest_first_with_the_field_changes() {
    PhoneNumberView mine = acme.buy(usNumber());
    app.clock().advance(Duration.ofMinutes(1));
    setLabel(app, acme.quickContext(), ref(mine), "Front desk");
    PhoneNumberView theirs = other.buy(usNumber());
    setLabel(app, other.quickContext(), ref(theirs), "Theirs");

    List<ChangeEvent> log = list(acme.quickContext(Scope.NUMBERS_READ), ChangeFilter.none());

    assertThat(log).extracting(ChangeEvent::organizationId).containsOnly(acme.id());
    assertThat(log).extracting(ChangeEvent::action).startsWith(ChangeAction.UPDATED);
    assertThat(log)
        .extracting(ChangeEvent::revision)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(log.getFirst().changes())
        .contains(new FieldChange("routing.label", Optional.empty(), Optional.of("Front desk")));
    assertThat(log)
        .noneMatch(e -> e.number().equals(Optional.of(theirs.number().number().value())));
  }

  @Test
  void each_filter_narrows_the_log_to_the_events_that_match_it() {
    RequestContext alice = through(acme.quickContext(), SourceApi.GRPC);
    RequestContext bob = through(acme.quickContext(), SourceApi.REST_MINDHUNTERS);
    PhoneNumberView first = acme.buy(usNumber());
    Instant beforeUpdates = app.clock().instant().plusSeconds(30);
    app.clock().advance(Duration.ofMinutes(1));
    setLabel(app, alice, ref(first), "by alice");
    app.clock().advance(Duration.ofMinutes(1));
    setLabel(app, bob, ref(first), "by bob");
    app.clock().advance(Duration.ofMinutes(1));
    Instant afterUpdates = app.clock().instant().minusSeconds(30);
    PhoneNumberView second = acme.buy(usNumber());
    RequestContext reader = acme.quickContext(Scope.NUMBERS_READ);

    assertThat(list(reader, ChangeFilter.none().withActor(alice.principal().keyId())))
        .singleElement()
        .satisfies(e -> assertThat(e.sourceApi()).isEqualTo(SourceApi.GRPC));
    assertThat(list(reader, ChangeFilter.none().withSourceApi(SourceApi.REST_MINDHUNTERS)))
        .singleElement()
        .satisfies(e -> assertThat(e.actorKeyId()).contains(bob.principal().keyId().toString()));
    assertThat(list(reader, ChangeFilter.none().withAction(ChangeAction.UPDATED))).hasSize(2);
    assertThat(
            list(
                reader,
                ChangeFilter.none().between(Optional.of(beforeUpdates), Optional.of(afterUpdates))))
        .extracting(ChangeEvent::action)
        .containsExactly(ChangeAction.UPDATED, ChangeAction.UPDATED);
    assertThat(list(reader, ChangeFilter.none().withNumber(second.number().number())))
        .singleElement()
        .satisfies(e -> assertThat(e.action()).isEqualTo(ChangeAction.CREATED));
    assertThat(
            list(
                reader,
                ChangeFilter.none()
                    .withResource(
                        ResourceType.PHONE_NUMBER, Optional.of(first.number().id().toString()))))
        .hasSize(3);
    assertThat(list(reader, ChangeFilter.none().withResource(ResourceType.TRUNK, Optional.empty())))
        .isEmpty();
  }

  @Test
  void pages_follow_each_other_without_gaps_and_the_last_one_has_no_next() {
    PhoneNumberView number = acme.buy(usNumber());
    for (int i = 0; i < 6; i++) {
      setLabel(app, acme.quickContext(), ref(number), "label " + i);
    }
    RequestContext reader = acme.quickContext(Scope.NUMBERS_READ);
    List<ChangeEvent> everything = list(reader, ChangeFilter.none());
    assertThat(everything).hasSize(7);

    List<ChangeEvent> paged = new ArrayList<>();
    Optional<Long> before = Optional.empty();
    int pages = 0;
    do {
      Page<ChangeEvent, Long> page =
          app.listChanges().list(reader, new ListChangesQuery(ChangeFilter.none(), 3, before));
      paged.addAll(page.items());
      before = page.next();
      pages++;
    } while (before.isPresent());

    assertThat(pages).isEqualTo(3);
    assertThat(paged).containsExactlyElementsOf(everything);
  }

  @Test
  void a_page_token_of_one_organization_shows_nothing_of_another() {
    PhoneNumberView theirs = other.buy(usNumber());
    setLabel(app, other.quickContext(), ref(theirs), "theirs");
    long theirLatest = list(other.quickContext(), ChangeFilter.none()).getFirst().revision() + 1;

    Page<ChangeEvent, Long> page =
        app.listChanges()
            .list(
                acme.quickContext(Scope.NUMBERS_READ),
                new ListChangesQuery(ChangeFilter.none(), 10, Optional.of(theirLatest)));

    assertThat(page.items()).isEmpty();
  }

  @Test
  void reading_the_log_needs_the_numbers_read_scope() {
    refused(
        PermissionDeniedException.class,
        "MISSING_SCOPE",
        () ->
            app.listChanges()
                .list(
                    acme.quickContext(Scope.NUMBERS_WRITE),
                    new ListChangesQuery(ChangeFilter.none(), 10, Optional.empty())));
    var out = new ByteArrayOutputStream();
    refused(
        PermissionDeniedException.class,
        "MISSING_SCOPE",
        () ->
            app.exportChanges()
                .export(
                    acme.quickContext(Scope.NUMBERS_WRITE),
                    new ExportChangesCommand(
                        ChangeFilter.none()
                            .between(Optional.of(Instant.EPOCH), Optional.of(Instant.now())),
                        ExportFormat.CSV),
                    out));
    assertThat(out.size()).isZero();
  }

  @Test
  void invalid_filters_and_queries_are_refused_with_the_field_at_fault() {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    assertThat(
            refused(
                    InvalidArgumentException.class,
                    "INVALID_ARGUMENT",
                    () -> ChangeFilter.none().between(Optional.of(t), Optional.of(t)))
                .violations())
        .extracting(v -> v.field())
        .containsExactly("to");
    assertThat(
            refused(
                    InvalidArgumentException.class,
                    "INVALID_ARGUMENT",
                    () ->
                        new ChangeFilter(
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of("n-1"),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty()))
                .violations())
        .extracting(v -> v.field())
        .containsExactly("resource_type");
    assertThat(
            refused(
                    InvalidArgumentException.class,
                    "INVALID_ARGUMENT",
                    () ->
                        ChangeFilter.none()
                            .withResource(ResourceType.TRUNK, Optional.of("x".repeat(256))))
                .violations())
        .extracting(v -> v.field())
        .containsExactly("resource_id");
    assertThat(
            refused(
                    InvalidArgumentException.class,
                    "INVALID_ARGUMENT",
                    () -> new ListChangesQuery(ChangeFilter.none(), 1001, Optional.empty()))
                .violations())
        .extracting(v -> v.field())
        .containsExactly("page_size");
    assertThat(
            refused(
                    InvalidArgumentException.class,
                    "INVALID_ARGUMENT",
                    () -> new ExportChangesCommand(ChangeFilter.none(), ExportFormat.NDJSON))
                .violations())
        .extracting(v -> v.field())
        .containsExactly("from", "to");
    assertThat(
            refused(
                    InvalidArgumentException.class,
                    "INVALID_ARGUMENT",
                    () -> ExportFormat.parse("format", "xlsx"))
                .violations())
        .extracting(v -> v.description())
        .containsExactly("must be one of csv, ndjson");
  }

  @Test
  void a_csv_export_holds_the_time_range_oldest_first_with_a_header_and_quoted_fields() {
    Instant from = app.clock().instant();
    PhoneNumberView number = acme.buy(usNumber());
    setLabel(app, acme.quickContext(), ref(number), "Front desk, \"main\"");
    other.buy(usNumber());
    Instant to = app.clock().instant().plusSeconds(1);
    app.clock().advance(Duration.ofMinutes(5));
    setLabel(app, acme.quickContext(), ref(number), "after the range");

    String csv =
        export(
            acme.quickContext(Scope.NUMBERS_READ),
            ChangeFilter.none().between(Optional.of(from), Optional.of(to)),
            ExportFormat.CSV);

    List<ChangeEvent> inRange =
        list(acme.quickContext(), ChangeFilter.none().between(Optional.of(from), Optional.of(to)))
            .reversed();
    String[] lines = csv.split("\r\n", -1);
    assertThat(lines).hasSize(inRange.size() + 2);
    assertThat(lines[0])
        .isEqualTo(
            "revision,occurred_at,organization_id,resource_type,resource_id,number,action,changes,"
                + "actor_key_id,request_id,source_api");
    assertThat(lines[1]).startsWith(inRange.get(0).revision() + ",").contains(",created,");
    assertThat(lines[2])
        .startsWith(inRange.get(1).revision() + ",")
        .contains(
            "\"[{\"\"field\"\":\"\"routing.label\"\",\"\"old_value\"\":null,"
                + "\"\"new_value\"\":\"\"Front desk, \\\"\"main\\\"\"\"\"}]\"");
    assertThat(lines[lines.length - 1]).isEmpty();
    assertThat(csv).doesNotContain("after the range").doesNotContain(other.id().toString());
  }

  @Test
  void an_ndjson_export_is_one_json_object_per_event_oldest_first() {
    Instant from = app.clock().instant();
    PhoneNumberView number = acme.buy(usNumber());
    setLabel(app, acme.quickContext(), ref(number), "say \"hi\" \\ back");
    Instant to = app.clock().instant().plusSeconds(1);

    String ndjson =
        export(
            acme.quickContext(Scope.NUMBERS_READ),
            ChangeFilter.none().between(Optional.of(from), Optional.of(to)),
            ExportFormat.NDJSON);

    List<String> lines = ndjson.lines().toList();
    assertThat(ndjson).endsWith("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains("\"resource_type\":\"phone_number\"", "\"action\":\"created\"")
        .contains("\"number\":\"" + number.number().number().value() + "\"")
        .contains("\"organization_id\":\"" + acme.id() + "\"");
    assertThat(lines.get(1))
        .contains(
            "\"changes\":[{\"field\":\"routing.label\",\"old_value\":null,"
                + "\"new_value\":\"say \\\"hi\\\" \\\\ back\"}]")
        .contains("\"source_api\":\"system\"");
  }

  @Test
  void an_export_of_an_empty_range_is_a_csv_header_or_nothing_at_all() {
    ChangeFilter empty =
        ChangeFilter.none()
            .between(
                Optional.of(Instant.parse("2000-01-01T00:00:00Z")),
                Optional.of(Instant.parse("2000-01-02T00:00:00Z")));
    acme.buy(usNumber());

    assertThat(export(acme.quickContext(), empty, ExportFormat.CSV))
        .isEqualTo(String.join(",", CsvChangeWriter.HEADER) + "\r\n");
    assertThat(export(acme.quickContext(), empty, ExportFormat.NDJSON)).isEmpty();
  }
}
