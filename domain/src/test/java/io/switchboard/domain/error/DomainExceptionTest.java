package io.switchboard.domain.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.ErrorDetail.InsufficientInventory;
import io.switchboard.domain.error.ErrorDetail.OffendingField;
import io.switchboard.domain.error.ErrorDetail.PurchaseLimit;
import io.switchboard.domain.error.ErrorDetail.RequiredScope;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainExceptionTest {

  @Test
  void not_found_derives_its_resource_kind_and_message_from_the_reason() {
    NotFoundException e = NotFoundException.of(Reason.PHONE_NUMBER_NOT_FOUND, "+12084439178");

    assertThat(e.reason().wire()).isEqualTo("PHONE_NUMBER_NOT_FOUND");
    assertThat(e.resource()).isEqualTo("phone_number");
    assertThat(e.getMessage()).isEqualTo("phone number +12084439178 not found");
  }

  @Test
  void a_stale_etag_is_a_concurrency_conflict_with_reason_etag_mismatch() {
    ConcurrencyConflictException e = ConcurrencyConflictException.staleEtag("phone number");

    assertThat(e.reason()).isEqualTo(Reason.ETAG_MISMATCH);
    assertThat(e.reason().wire()).isEqualTo("ETAG_MISMATCH");
  }

  @Test
  void a_reason_is_refused_by_an_exception_of_another_kind() {
    assertThatThrownBy(
            () -> new ConcurrencyConflictException(Reason.PHONE_NUMBER_RELEASED, "released"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PHONE_NUMBER_RELEASED")
        .hasMessageContaining("FailedPreconditionException");
    assertThatThrownBy(() -> NotFoundException.of(Reason.ETAG_MISMATCH, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_purchase_limit_carries_the_limit_and_the_current_count() {
    ResourceExhaustedException e = ResourceExhaustedException.purchaseLimit(100, 100);

    assertThat(e.reason().wire()).isEqualTo("PURCHASE_LIMIT_REACHED");
    assertThat(e.detail(PurchaseLimit.class)).contains(new PurchaseLimit(100, 100));
    assertThat(e.metadata()).containsEntry("limit", "100").containsEntry("current", "100");
    assertThat(e.retryAfter()).isEmpty();
  }

  @ParameterizedTest(name = "retry after {0} ms is announced as {1} s")
  @CsvSource({"0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "59500, 60"})
  void a_rate_limit_announces_whole_seconds_rounded_up_and_at_least_one(
      long millis, String seconds) {
    ResourceExhaustedException e =
        ResourceExhaustedException.rateLimited(Duration.ofMillis(millis));

    assertThat(e.reason().wire()).isEqualTo("RATE_LIMITED");
    assertThat(e.metadata()).containsEntry("retry_after_seconds", seconds);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(millis));
  }

  @Test
  void a_missing_scope_names_the_scope_it_needed() {
    PermissionDeniedException e = PermissionDeniedException.missingScope("numbers:write");

    assertThat(e.reason().wire()).isEqualTo("MISSING_SCOPE");
    assertThat(e.detail(RequiredScope.class)).contains(new RequiredScope("numbers:write"));
    assertThat(e.metadata()).containsEntry("required_scope", "numbers:write");
  }

  @Test
  void an_order_refused_for_unavailable_numbers_carries_them_typed_and_as_error_info_metadata() {
    var shortage = new InsufficientInventory(1, List.of("+12084439178", "+12084439179"));
    var e =
        new FailedPreconditionException(
            Reason.INSUFFICIENT_INVENTORY, "2 of 3 are not available", shortage);

    assertThat(e.detail(InsufficientInventory.class)).contains(shortage);
    assertThat(e.detail(PurchaseLimit.class)).isEmpty();
    assertThat(e.metadata())
        .containsEntry("available_count", "1")
        .containsEntry("unavailable_numbers", "+12084439178,+12084439179");
  }

  @Test
  void a_channel_the_number_cannot_serve_names_the_offending_field() {
    var e =
        new FailedPreconditionException(
            Reason.CHANNEL_NOT_CAPABLE, "no", new OffendingField("sms.enabled"));

    assertThat(e.detail(OffendingField.class).map(OffendingField::field)).contains("sms.enabled");
    assertThat(e.metadata()).containsExactly(Map.entry("field", "sms.enabled"));
  }

  @Test
  void domain_exceptions_are_cheap_expected_outcomes_without_stack_traces() {
    assertThat(NotFoundException.of(Reason.TRUNK_NOT_FOUND, "x").getStackTrace()).isEmpty();
    assertThat(InvalidArgumentException.of("f", "bad").getStackTrace()).isEmpty();
  }

  @Test
  void metadata_is_a_snapshot_the_thrower_cannot_change_afterwards() {
    var metadata = new HashMap<String, String>();
    metadata.put("field", "voice.enabled");
    var e = new FailedPreconditionException(Reason.CHANNEL_NOT_CAPABLE, "no", metadata);

    metadata.put("field", "changed");

    assertThat(e.metadata()).containsEntry("field", "voice.enabled");
  }

  @Test
  void only_invalid_arguments_carry_field_violations() {
    assertThat(NotFoundException.of(Reason.TRUNK_NOT_FOUND, "x").violations()).isEmpty();
    assertThat(InvalidArgumentException.of("f", "bad").violations())
        .containsExactly(new FieldViolation("f", "bad"));
  }

  @Test
  void an_invalid_argument_summarises_its_first_violation_and_counts_the_rest() {
    assertThat(InvalidArgumentException.of("number", "is bad").getMessage())
        .isEqualTo("number: is bad");
    assertThat(
            new InvalidArgumentException(
                    List.of(
                        new FieldViolation("a", "x"),
                        new FieldViolation("b", "y"),
                        new FieldViolation("c", "z")))
                .getMessage())
        .isEqualTo("a: x (and 2 more)");
    assertThat(new InvalidArgumentException(List.of()).getMessage()).isEqualTo("invalid argument");
  }

  @Test
  void an_invalid_argument_can_be_nested_under_a_parent_field_keeping_its_reason() {
    InvalidArgumentException nested =
        InvalidArgumentException.withReason(Reason.IDEMPOTENCY_KEY_REUSED, "", "reused")
            .under("idempotency_key");

    assertThat(nested.reason()).isEqualTo(Reason.IDEMPOTENCY_KEY_REUSED);
    assertThat(nested.violations())
        .containsExactly(new FieldViolation("idempotency_key", "reused"));
    assertThat(nested.getMessage()).isEqualTo("idempotency_key: reused");
  }

  @ParameterizedTest(name = "\"{1}\" under \"{0}\" is \"{2}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "voice   | channel_limit | voice.channel_limit",
        "voice   | ''            | voice",
        "''      | channel_limit | channel_limit",
        "a.b     | c.d           | a.b.c.d",
      })
  void a_field_violation_nests_with_dotted_paths(String parent, String field, String expected) {
    assertThat(new FieldViolation(field, "bad").under(parent).field()).isEqualTo(expected);
  }
}
