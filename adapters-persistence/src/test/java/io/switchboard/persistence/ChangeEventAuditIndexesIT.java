package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.application.port.query.ChangeFilter;
import io.switchboard.domain.change.ChangeAction;
import io.switchboard.domain.change.ResourceType;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.org.ApiKeyId;
import io.switchboard.domain.org.OrganizationId;
import io.switchboard.persistence.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit log's queries read an index in revision order for each filter (V7), checked on the
 * plans PostgreSQL chooses for 100,000 events of 20 organizations, with fresh statistics. Each
 * filter asks for a rare value, where reading the organization's whole log would cost most.
 */
class ChangeEventAuditIndexesIT {
  @RegisterExtension static final TestDatabaseExtension database = new TestDatabaseExtension();
  private static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID RARE_ACTOR = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
  private static JooqTransactions transactions;
  private static JooqChangeFeed feed;

  @BeforeAll
  static void fill() throws Exception {
    transactions = new JooqTransactions(database.dataSource(), Clock.systemUTC());
    feed = new JooqChangeFeed(transactions, database.database()::openConnection);
    try (Connection c = database.database().openConnection();
        Statement s = c.createStatement()) {
      s.execute(
          """
          INSERT INTO organizations (id, name, purchase_limit, created_at)
          SELECT ('00000000-0000-0000-0000-0000000000' || lpad(to_hex(o), 2, '0'))::uuid,
                 'org ' || o, 10, now()
          FROM generate_series(1, 20) o
          """);
      s.execute(
          """
          INSERT INTO change_events (revision, organization_id, resource_type, resource_id, number,
                                     action, changes, actor_key_id, request_id, source_api, occurred_at)
          SELECT g,
                 ('00000000-0000-0000-0000-0000000000' || lpad(to_hex(1 + g % 20), 2, '0'))::uuid,
                 CASE WHEN g % 997 = 0 THEN 'trunk' ELSE 'phone_number' END,
                 'r-' || (g % 5000),
                 '+1415555' || lpad((g % 5000)::text, 4, '0'),
                 CASE WHEN g % 991 = 0 THEN 'released' ELSE 'updated' END,
                 '[]'::jsonb,
                 CASE WHEN g % 983 = 0 THEN '00000000-0000-0000-0000-0000000000aa'
                      ELSE md5((g % 3)::text)::uuid::text END,
                 'req-' || g,
                 CASE WHEN g % 977 = 0 THEN 'system' ELSE 'grpc' END,
                 timestamptz '2026-01-01T00:00:00Z' + g * interval '5 minutes'
          FROM generate_series(1, 100000) g
          """);
      s.execute("UPDATE revision_counter SET value = 100000");
      s.execute("ANALYZE change_events");
    }
  }

  private static String plan(ChangeFilter filter) {
    return transactions.inTransaction(() ->
        transactions
            .dsl()
            .explain(feed.searchQuery(new OrganizationId(ORG), filter, Optional.of(90_000L), 51))
            .plan());
  }

  @Test
  void an_unfiltered_page_reads_an_index_in_revision_order_backwards_without_sorting() {
    // With 20 organizations PostgreSQL may prefer the revision index and skip the other 19's
    // events; with many it takes the organization's index. Either is one ordered range read.
    assertThat(plan(ChangeFilter.none()))
        .containsPattern("Index Scan Backward using change_events_(organization_idx|revision_key)")
        .doesNotContain("Sort")
        .doesNotContain("Seq Scan");
  }

  @Test
  void a_time_range_reads_the_occurred_at_index() {
    assertThat(
            plan(
                ChangeFilter.none()
                    .between(
                        Optional.of(Instant.parse("2026-02-01T00:00:00Z")),
                        Optional.of(Instant.parse("2026-02-02T00:00:00Z")))))
        .contains("change_events_occurred_idx")
        .doesNotContain("Seq Scan");
  }

  @Test
  void a_resource_type_reads_the_type_index() {
    assertThat(plan(ChangeFilter.none().withResource(ResourceType.TRUNK, Optional.empty())))
        .contains("change_events_type_idx")
        .doesNotContain("Seq Scan");
  }

  @Test
  void a_resource_reads_the_resource_index() {
    assertThat(
            plan(ChangeFilter.none().withResource(ResourceType.PHONE_NUMBER, Optional.of("r-20"))))
        .contains("change_events_resource_idx")
        .doesNotContain("Seq Scan");
  }

  @Test
  void a_number_reads_the_number_index() {
    assertThat(plan(ChangeFilter.none().withNumber(E164.parse("+14155550020"))))
        .contains("change_events_number_idx")
        .doesNotContain("Seq Scan");
  }

  @Test
  void an_actor_reads_the_actor_index() {
    assertThat(plan(ChangeFilter.none().withActor(new ApiKeyId(RARE_ACTOR))))
        .contains("change_events_actor_idx")
        .doesNotContain("Seq Scan");
  }

  @Test
  void an_action_reads_the_action_index() {
    assertThat(plan(ChangeFilter.none().withAction(ChangeAction.RELEASED)))
        .contains("change_events_action_idx")
        .doesNotContain("Seq Scan");
  }

  @Test
  void a_source_door_reads_the_source_index() {
    assertThat(plan(ChangeFilter.none().withSourceApi(SourceApi.SYSTEM)))
        .contains("change_events_source_idx")
        .doesNotContain("Seq Scan");
  }

  @Test
  void a_scan_outside_a_transaction_is_refused_rather_than_read_into_memory() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> feed.scan(new OrganizationId(ORG), ChangeFilter.none(), e -> {}))
        .isInstanceOf(IllegalStateException.class);
  }
}
