package io.switchboard.bootstrap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.application.auth.FailedAuthentications;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code switchboard_auth_failures_total{client_address=…}}: failed authentications per client
 * address (an IPv6 client per /64), so an operator sees who is guessing keys. An attacker controls
 * how many addresses it uses: past {@value #MAX_ADDRESSES} distinct ones, further addresses are
 * counted together under {@code other}, so the series stay bounded.
 */
final class AuthFailureMetrics implements FailedAuthentications.Listener {

  static final String NAME = "switchboard.auth.failures";
  static final int MAX_ADDRESSES = 1000;
  static final String OTHER = "other";

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  AuthFailureMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void failed(String clientAddress) {
    Counter counter = counters.get(clientAddress);
    if (counter == null) {
      String tag = counters.size() >= MAX_ADDRESSES ? OTHER : clientAddress;
      counter =
          counters.computeIfAbsent(
              tag,
              t ->
                  Counter.builder(NAME)
                      .description(
                          "Failed authentications (unknown, revoked or malformed keys) per client address")
                      .tag("client_address", t)
                      .register(registry));
    }
    counter.increment();
  }
}
