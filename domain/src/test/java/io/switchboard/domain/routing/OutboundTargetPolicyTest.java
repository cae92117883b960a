package io.switchboard.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.FieldViolation;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13 item 10: outbound URLs accepted loopback, private, link-local, unique-local,
 * unspecified, IPv4-mapped and numerically encoded hosts, localhost and .internal names. Each of
 * the issue's examples (and their neighbours) is refused now; public hosts still pass; the
 * test-only policy lets loopback through.
 */
class OutboundTargetPolicyTest {
  static final List<String> ISSUE_EXAMPLES =
      List.of(
          "https://169.254.169.254/latest/meta-data/",
          "https://localhost",
          "https://[::1]",
          "https://10.0.0.1",
          "https://0x7f000001",
          "https://2130706433",
          "https://[::ffff:169.254.169.254]",
          "https://[fd00::1]",
          "https://0.0.0.0",
          "HTTPS://LOCALHOST./",
          "https://metadata.google.internal/computeMetadata/v1/");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost",
        "https://[::1]",
        "https://10.0.0.1",
        "https://0x7f000001",
        "https://2130706433",
        "https://[::ffff:169.254.169.254]",
        "https://[fd00::1]",
        "https://0.0.0.0",
        "HTTPS://LOCALHOST./",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://127.0.0.1:8443/x",
        "https://127.1",
        "https://0177.0.0.1",
        "https://0x7f.0.0.1",
        "https://017700000001",
        "https://192.168.1.20",
        "https://172.16.0.1",
        "https://172.31.255.255",
        "https://100.64.0.1",
        "https://[fe80::1]",
        "https://[fc00::1]",
        "https://[::]",
        "https://[::127.0.0.1]",
        "https://[::ffff:7f00:1]",
        "https://[64:ff9b::a9fe:a9fe]",
        "https://[ff02::1]",
        "https://224.0.0.1",
        "https://255.255.255.255",
        "https://api.localhost",
        "https://internal",
        "https://printer.local",
        "https://LOCALHOST..",
        "https://198.18.0.1",
        "https://192.0.0.8"
      })
  void non_public_targets_are_refused(String url) {
    // a few (127.1, 0x7f.0.0.1, a host ending in two dots) are not even hosts to java.net.URI:
    // HttpsUrl refuses them
    assertThatThrownBy(() -> OutboundTargetPolicy.PUBLIC_ONLY.require(new HttpsUrl(url)))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .extracting(FieldViolation::description)
                    .isIn(OutboundTargetPolicy.REFUSAL, "must name a host"));
  }

  @Test
  void the_test_only_policy_lets_loopback_and_private_targets_through() {
    for (String url :
        List.of(
            "https://localhost:8443/hook",
            "https://127.0.0.1/x",
            "https://[::1]:9000/",
            "https://10.0.0.1",
            "https://169.254.169.254/")) {
      assertThat(OutboundTargetPolicy.ALLOW_PRIVATE_FOR_TESTS.require(new HttpsUrl(url)).value())
          .isEqualTo(url);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com/hook",
        "https://hooks.example.com:8443/a?b=c",
        "https://8.8.8.8/",
        "https://[2606:4700:4700::1111]/",
        "https://192.0.2.10/hook",
        "https://[2001:db8::1]/hook",
        "https://172.32.0.1",
        "https://internal.example.com",
        "https://localhost.example.com",
        "https://1e100.net",
        "https://a.b.c.d.example"
      })
  void public_targets_pass(String url) {
    assertThat(OutboundTargetPolicy.PUBLIC_ONLY.require(new HttpsUrl(url)).value()).isEqualTo(url);
  }

  @Test
  void every_url_of_a_routing_change_is_checked_and_named() {
    Webhook good =
        new Webhook(
            List.of(WebhookEvent.values()[0]),
            new HttpsUrl("https://hooks.example.com"),
            WebhookMethod.POST,
            Map.of(),
            Optional.empty());
    Webhook bad =
        new Webhook(
            List.of(WebhookEvent.values()[0]),
            new HttpsUrl("https://[::1]/hook"),
            WebhookMethod.POST,
            Map.of(),
            Optional.empty());
    RoutingPatch patch =
        new RoutingPatch(
            Patch.keep(),
            Patch.set(new HttpsUrl("https://10.1.2.3/in")),
            Patch.set(new HttpsUrl("https://status.example.com")),
            Patch.keep(),
            Patch.keep(),
            Patch.set(List.of(good, bad)));

    assertThatThrownBy(() -> OutboundTargetPolicy.PUBLIC_ONLY.check(patch))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::field)
                    .containsExactly("inbound_url", "webhooks[1].url"));
    OutboundTargetPolicy.ALLOW_PRIVATE_FOR_TESTS.check(patch);
    OutboundTargetPolicy.PUBLIC_ONLY.check(RoutingPatch.NONE);
    long refused =
        ISSUE_EXAMPLES.stream()
            .filter(url -> OutboundTargetPolicy.refusal(new HttpsUrl(url)).isPresent())
            .count();
    System.out.println(
        "RELIABILITY 13.10 outbound URLs: "
            + refused
            + " of "
            + ISSUE_EXAMPLES.size()
            + " of the issue's example URLs refused");
    assertThat(refused).isEqualTo(ISSUE_EXAMPLES.size());
  }
}
