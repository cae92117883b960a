package io.switchboard.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.error.UnavailableException;
import io.switchboard.domain.number.PhoneNumber;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every use case relies on: all of a transaction's writes, across ports, commit together or
 * not at all.
 */
public abstract class TransactionsContract extends PortContract {

  @Test
  void a_deadline_already_past_fails_before_any_work_runs() {
    AtomicInteger ran = new AtomicInteger();

    assertThatThrownBy(() ->
            ports()
                .transactions()
                .inTransaction(Optional.of(Instant.now().minusMillis(1)), ran::incrementAndGet))
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED));
    assertThat(ran).hasValue(0);
  }

  @Test
  void a_failure_rolls_back_everything_the_block_wrote_through_every_port() {
    OrganizationId org = newOrganization();
    Organization another = Samples.organization();
    PhoneNumber number = Samples.purchased(org, Samples.T0);
    long revisionBefore = ports().changeFeed().latestRevision();

    assertThatThrownBy(() ->
            ports()
                .transactions()
                .run(() -> {
                  ports().organizations().insert(another);
                  ports().numbers().insert(number);
                  newAgent(org, "rolled-back");
                  ports()
                      .idempotency()
                      .store(
                          org,
                          "rolled-back-key",
                          "f".getBytes(StandardCharsets.UTF_8),
                          "r".getBytes(StandardCharsets.UTF_8),
                          Samples.T0,
                          Samples.T0.plus(Duration.ofHours(1)));
                  ports()
                      .changeFeed()
                      .append(
                          ChangeFeedContract.event(
                              org, number.id().toString(), number.number().value()));
                  // inside, the block sees its own writes
                  assertThat(ports().numbers().findById(org, number.id())).contains(number);
                  throw new IllegalStateException("boom");
                }))
        .hasMessage("boom");

    assertThat(ports().organizations().findById(another.id())).isEmpty();
    assertThat(ports().numbers().findById(org, number.id())).isEmpty();
    assertThat(ports().agents().find(org, new AgentId("rolled-back"))).isEmpty();
    assertThat(ports().changeFeed().after(org, revisionBefore, 10)).isEmpty();
    assertThat(
            ports()
                .transactions()
                .read(
                    Optional.empty(),
                    () -> ports().idempotency().find(org, "rolled-back-key", Samples.T0)))
        .isEmpty();
  }

  @Test
  void a_nested_call_joins_the_running_transaction_and_goes_with_it() {
    Organization outer = Samples.organization();
    Organization inner = Samples.organization();

    assertThatThrownBy(() ->
            ports()
                .transactions()
                .run(() -> {
                  ports().organizations().insert(outer);
                  ports().transactions().run(() -> ports().organizations().insert(inner));
                  assertThat(ports().organizations().findById(inner.id())).contains(inner);
                  throw new IllegalStateException(
                      "the outer block failed after the inner one returned");
                }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(ports().organizations().findById(outer.id())).isEmpty();
    assertThat(ports().organizations().findById(inner.id())).isEmpty();
  }
}
