package io.switchboard.domain.trunk;

import static io.switchboard.domain.DomainFixtures.US_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small value types of a trunk: host, port, name, additional settings and sealed secrets. */
class SipValuesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sip.example.com",
        "pbx-1.example.co.uk",
        "localhost",
        "192.0.2.10",
        "[2001:db8::1]",
        "a"
      })
  void a_sip_host_is_a_bare_host_name_or_ip_address(String host) {
    assertThat(new SipHost(host)).hasToString(host);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "sip:sip.example.com",
        "sip.example.com:5060",
        "sip.example.com/path",
        "user@sip.example.com",
        "-leading.example.com",
        "trailing-.",
        "with space.com",
        "sip.exämple.com",
        "[not-ipv6]",
        "2001:db8::1",
      })
  void a_sip_host_with_a_scheme_port_path_or_odd_characters_is_an_invalid_argument(String host) {
    assertThatThrownBy(() -> new SipHost(host)).isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_sip_host_is_at_most_255_characters() {
    assertThat(new SipHost("a".repeat(255)).value()).hasSize(255);
    assertThatThrownBy(() -> new SipHost("a".repeat(256)))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5060, 5061, 65535})
  void a_sip_port_is_between_1_and_65535(int port) {
    assertThat(new SipPort(port).value()).isEqualTo(port);
    assertThat(SipPort.of(port)).isEqualTo(new SipPort(port));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, 65536, 4_294_972_356L, Long.MAX_VALUE, Long.MIN_VALUE})
  void any_other_port_is_an_invalid_argument_even_when_it_would_wrap_around_an_int(long port) {
    assertThatThrownBy(() -> SipPort.of(port)).isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void the_default_sip_port_is_5060() {
    assertThat(SipPort.DEFAULT.value()).isEqualTo(5060);
  }

  @Test
  void the_default_trunk_name_is_channel_trunk_digits() {
    assertThat(TrunkName.defaultFor(TrunkChannel.CALL, US_NUMBER))
        .isEqualTo(new TrunkName("call_trunk_12084439178"));
    assertThat(TrunkName.defaultFor(TrunkChannel.WHATSAPP, US_NUMBER))
        .isEqualTo(new TrunkName("whatsapp_trunk_12084439178"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "two\nlines"})
  void a_trunk_name_is_a_printable_line(String name) {
    assertThatThrownBy(() -> new TrunkName(name))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_trunk_name_is_at_most_255_characters() {
    assertThat(new TrunkName("n".repeat(255))).hasToString("n".repeat(255));
    assertThatThrownBy(() -> new TrunkName("n".repeat(256)))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"ani_format\":\"e164\"}", "{ \"nested\": {\"a\": [1, 2]} }"})
  void additional_settings_are_the_text_of_a_json_object(String json) {
    assertThat(new AdditionalSettings(json).json()).isEqualTo(json);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"[]", "\"text\"", "42", "null", " {}", "{} ", "{", "}"})
  void additional_settings_that_are_not_an_object_are_an_invalid_argument(String json) {
    assertThatThrownBy(() -> new AdditionalSettings(json))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void additional_settings_are_at_most_16_kib() {
    String atLimit = "{\"k\":\"" + "v".repeat(AdditionalSettings.MAX_LENGTH - 8) + "\"}";
    assertThat(atLimit).hasSize(AdditionalSettings.MAX_LENGTH);

    new AdditionalSettings(atLimit);
    assertThatThrownBy(() -> new AdditionalSettings(atLimit.replace("\"k\"", "\"kk\"")))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_sealed_secret_never_prints_its_ciphertext_and_compares_by_content() {
    var secret = new SealedSecret("key-1", "c1pher".getBytes(StandardCharsets.UTF_8));

    assertThat(secret.toString()).isEqualTo("SealedSecret[keyId=key-1]").doesNotContain("c1pher");
    assertThat(secret)
        .isEqualTo(new SealedSecret("key-1", "c1pher".getBytes(StandardCharsets.UTF_8)))
        .hasSameHashCodeAs(new SealedSecret("key-1", "c1pher".getBytes(StandardCharsets.UTF_8)));
    assertThat(secret)
        .isNotEqualTo(new SealedSecret("key-2", "c1pher".getBytes(StandardCharsets.UTF_8)));
    assertThat(secret)
        .isNotEqualTo(new SealedSecret("key-1", "other".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a_sealed_secret_cannot_be_changed_through_the_arrays_it_was_given_or_gave_out() {
    byte[] bytes = "c1pher".getBytes(StandardCharsets.UTF_8);
    var secret = new SealedSecret("key-1", bytes);

    bytes[0] = 'X';
    secret.ciphertext()[1] = 'Y';

    assertThat(new String(secret.ciphertext(), StandardCharsets.UTF_8)).isEqualTo("c1pher");
  }

  @Test
  void trunk_channels_map_to_the_binding_channel_of_the_same_name() {
    assertThat(TrunkChannel.CALL.bindingChannel())
        .isEqualTo(io.switchboard.domain.binding.BindingChannel.CALL);
    assertThat(TrunkChannel.WHATSAPP.bindingChannel())
        .isEqualTo(io.switchboard.domain.binding.BindingChannel.WHATSAPP);
  }
}
