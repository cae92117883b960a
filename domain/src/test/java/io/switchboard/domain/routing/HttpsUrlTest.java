package io.switchboard.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpsUrlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com",
        "https://example.com/hooks/inbound?token=abc&x=1#frag",
        "https://api.example.com:8443/v1",
        "HTTPS://EXAMPLE.COM/upper",
        "https://192.0.2.10/hook",
        "https://[2001:db8::1]/hook",
      })
  void an_absolute_https_url_with_a_host_is_accepted_unchanged(String value) {
    assertThat(new HttpsUrl(value).value()).isEqualTo(value);
    assertThat(new HttpsUrl(value)).hasToString(value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com/hook",
        "ftp://example.com/",
        "wss://example.com/",
        "//example.com/hook",
        "example.com/hook",
        "javascript:alert(1)",
      })
  void only_https_is_accepted_so_webhooks_never_go_out_in_clear_text(String value) {
    assertThatThrownBy(() -> new HttpsUrl(value))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://",
        "https:///path",
        "https:?q",
        "https:example.com",
        "https://exa_mple.com/"
      })
  void a_url_must_name_a_host(String value) {
    assertThatThrownBy(() -> new HttpsUrl(value))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:secret@example.com/hook",
        "https://user@example.com/",
        "https://@example.com/"
      })
  void a_url_must_not_carry_credentials(String value) {
    assertThatThrownBy(() -> new HttpsUrl(value))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        " ",
        "https://example.com/a b",
        "https://example.com/\n",
        "not a url",
        "https://exa mple.com"
      })
  void what_is_not_a_url_is_an_invalid_argument(String value) {
    assertThatThrownBy(() -> new HttpsUrl(value))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_url_is_at_most_2048_characters() {
    String prefix = "https://example.com/";
    String longest = prefix + "a".repeat(HttpsUrl.MAX_LENGTH - prefix.length());

    assertThat(new HttpsUrl(longest).value()).hasSize(2048);
    assertThatThrownBy(() -> new HttpsUrl(longest + "a"))
        .isExactlyInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new HttpsUrl(prefix + "a".repeat(1_000_000)))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }
}
