package io.switchboard.domain.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainExceptionTest {

  @Test
  void not_found_derives_its_reason_and_message_from_the_resource_kind() {
    NotFoundException e = NotFoundException.of("phone_number", "+12084439178");

    assertThat(e.reason()).isEqualTo("PHONE_NUMBER_NOT_FOUND");
    assertThat(e.resource()).isEqualTo("phone_number");
    assertThat(e.getMessage()).isEqualTo("phone number +12084439178 not found");
  }

  @Test
  void a_stale_etag_is_a_concurrency_conflict_with_reason_etag_mismatch() {
    ConcurrencyConflictException e = ConcurrencyConflictException.staleEtag("phone number");

    assertThat(e.reason()).isEqualTo("ETAG_MISMATCH");
    assertThat(e.isStaleEtag()).isTrue();
    assertThat(new ConcurrencyConflictException(ConcurrencyConflictException.IDEMPOTENCY_KEY_IN_FLIGHT, "busy")
        .isStaleEtag()).isFalse();
  }

  @Test
  void the_purchase_limit_carries_the_limit_and_the_current_count() {
    ResourceExhaustedException e = ResourceExhaustedException.purchaseLimit(100, 100);

    assertThat(e.reason()).isEqualTo("PURCHASE_LIMIT_REACHED");
    assertThat(e.metadata()).containsEntry("limit", "100").containsEntry("current", "100");
    assertThat(e.retryAfter()).isEmpty();
  }

  @ParameterizedTest(name = "retry after {0} ms is announced as {1} s")
  @CsvSource({"0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "59500, 60"})
  void a_rate_limit_announces_whole_seconds_rounded_up_and_at_least_one(long millis, String seconds) {
    ResourceExhaustedException e = ResourceExhaustedException.rateLimited(Duration.ofMillis(millis));

    assertThat(e.reason()).isEqualTo("RATE_LIMITED");
    assertThat(e.metadata()).containsEntry("retry_after_seconds", seconds);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(millis));
  }

  @Test
  void a_missing_scope_names_the_scope_it_needed() {
    PermissionDeniedException e = PermissionDeniedException.missingScope("numbers:write");

    assertThat(e.reason()).isEqualTo("MISSING_SCOPE");
    assertThat(e.metadata()).containsEntry("required_scope", "numbers:write");
  }

  @Test
  void unauthenticated_tells_missing_from_invalid_credentials() {
    assertThat(new UnauthenticatedException(UnauthenticatedException.MISSING, "no key").isMissing()).isTrue();
    assertThat(new UnauthenticatedException(UnauthenticatedException.INVALID, "bad key").isMissing()).isFalse();
  }

  @Test
  void unavailable_tells_a_deadline_from_a_database_outage() {
    assertThat(new UnavailableException(UnavailableException.DEADLINE_EXCEEDED, "late").isDeadlineExceeded()).isTrue();
    assertThat(new UnavailableException(UnavailableException.DATABASE_UNAVAILABLE, "down").isDeadlineExceeded())
        .isFalse();
  }

  @Test
  void domain_exceptions_are_cheap_expected_outcomes_without_stack_traces() {
    assertThat(NotFoundException.of("trunk", "x").getStackTrace()).isEmpty();
    assertThat(InvalidArgumentException.of("f", "bad").getStackTrace()).isEmpty();
  }

  @Test
  void metadata_is_a_snapshot_the_thrower_cannot_change_afterwards() {
    var metadata = new HashMap<String, String>();
    metadata.put("field", "voice.enabled");
    var e = new FailedPreconditionException("CHANNEL_NOT_CAPABLE", "no", metadata);

    metadata.put("field", "changed");

    assertThat(e.metadata()).containsEntry("field", "voice.enabled");
  }

  @Test
  void only_invalid_arguments_carry_field_violations() {
    assertThat(NotFoundException.of("trunk", "x").violations()).isEmpty();
    assertThat(InvalidArgumentException.of("f", "bad").violations()).containsExactly(new FieldViolation("f", "bad"));
  }

  @Test
  void an_invalid_argument_summarises_its_first_violation_and_counts_the_rest() {
    assertThat(InvalidArgumentException.of("number", "is bad").getMessage()).isEqualTo("number: is bad");
    assertThat(new InvalidArgumentException(List.of(new FieldViolation("a", "x"), new FieldViolation("b", "y"),
        new FieldViolation("c", "z"))).getMessage()).isEqualTo("a: x (and 2 more)");
    assertThat(new InvalidArgumentException(List.of()).getMessage()).isEqualTo("invalid argument");
  }

  @Test
  void an_invalid_argument_can_be_nested_under_a_parent_field_keeping_its_reason() {
    InvalidArgumentException nested =
        InvalidArgumentException.withReason("IDEMPOTENCY_KEY_REUSED", "", "reused").under("idempotency_key");

    assertThat(nested.reason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(nested.violations()).containsExactly(new FieldViolation("idempotency_key", "reused"));
    assertThat(nested.getMessage()).isEqualTo("idempotency_key: reused");
  }

  @ParameterizedTest(name = "\"{1}\" under \"{0}\" is \"{2}\"")
  @CsvSource(delimiter = '|', value = {
      "voice   | channel_limit | voice.channel_limit",
      "voice   | ''            | voice",
      "''      | channel_limit | channel_limit",
      "a.b     | c.d           | a.b.c.d",
  })
  void a_field_violation_nests_with_dotted_paths(String parent, String field, String expected) {
    assertThat(new FieldViolation(field, "bad").under(parent).field()).isEqualTo(expected);
  }
}
