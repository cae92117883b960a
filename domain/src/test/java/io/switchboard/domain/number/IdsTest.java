package io.switchboard.domain.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.domain.trunk.TrunkId;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The UUID-typed ids that callers send as text: phone numbers, trunks and campaigns. */
class IdsTest {
  private static final String UUID_TEXT = "3f2c9a4e-8b1d-4c6e-9f0a-2b7d5e1c8a93";

  static Stream<Arguments> parsers() {
    return Stream.of(
        Arguments.of("PhoneNumberId", (Function<String, Object>) PhoneNumberId::parse),
        Arguments.of("TrunkId", (Function<String, Object>) TrunkId::parse),
        Arguments.of("CampaignId", (Function<String, Object>) CampaignId::parse));
  }

  static Stream<Arguments> parsersAndInvalidInputs() {
    return parsers()
        .flatMap(p ->
            Stream.of(
                    null,
                    "",
                    "not-a-uuid",
                    "3f2c9a4e8b1d4c6e9f0a2b7d5e1c8a93",
                    "1-1-1-1-1",
                    "3f2c9a4e-8b1d-4c6e-9f0a-2b7d5e1c8a9z",
                    " " + UUID_TEXT,
                    UUID_TEXT + "0")
                .map(bad -> Arguments.of(p.get()[0], p.get()[1], bad)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void a_uuid_text_parses_and_prints_back_unchanged(String type, Function<String, Object> parse) {
    Object id = parse.apply(UUID_TEXT);

    assertThat(id).hasToString(UUID_TEXT);
    assertThat(parse.apply(UUID_TEXT.toUpperCase())).isEqualTo(id);
  }

  @ParameterizedTest(name = "{0} refuses \"{2}\"")
  @MethodSource("parsersAndInvalidInputs")
  void only_the_36_character_uuid_form_is_accepted(
      String type, Function<String, Object> parse, String input) {
    assertThatThrownBy(() -> parse.apply(input))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void random_ids_differ() {
    assertThat(PhoneNumberId.random()).isNotEqualTo(PhoneNumberId.random());
    assertThat(TrunkId.random()).isNotEqualTo(TrunkId.random());
    assertThat(new PhoneNumberId(UUID.fromString(UUID_TEXT)))
        .isEqualTo(PhoneNumberId.parse(UUID_TEXT));
  }
}
