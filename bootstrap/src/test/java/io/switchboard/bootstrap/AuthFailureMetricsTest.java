package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Issue 13.12: failed authentications per client address, in a bounded number of series. */
class AuthFailureMetricsTest {

  @Test
  void failures_are_counted_per_address_and_the_series_stay_bounded() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuthFailureMetrics metrics = new AuthFailureMetrics(registry);

    for (int i = 0; i < 3; i++) {
      metrics.failed("203.0.113.7");
    }
    for (int i = 0; i < 5000; i++) {
      metrics.failed("10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256));
    }

    assertThat(
            registry
                .get(AuthFailureMetrics.NAME)
                .tag("client_address", "203.0.113.7")
                .counter()
                .count())
        .isEqualTo(3);
    assertThat(registry.find(AuthFailureMetrics.NAME).counters())
        .hasSize(AuthFailureMetrics.MAX_ADDRESSES + 1);
    assertThat(
            registry
                .get(AuthFailureMetrics.NAME)
                .tag("client_address", AuthFailureMetrics.OTHER)
                .counter()
                .count())
        .isEqualTo(5000 - AuthFailureMetrics.MAX_ADDRESSES + 1);
  }
}
