package io.switchboard.domain.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CountryCodeTest {

  @ParameterizedTest
  @ValueSource(strings = {"US", "IT", "GB", "DE", "FR", "JP", "BR"})
  void iso_3166_alpha_2_codes_are_accepted(String code) {
    assertThat(new CountryCode(code).value()).isEqualTo(code);
    assertThat(new CountryCode(code)).hasToString(code);
  }

  @ParameterizedTest(name = "of(\"{0}\") = {1}")
  @CsvSource({"us, US", "It, IT", "gB, GB", "DE, DE"})
  void of_accepts_lower_case_as_people_type_it(String typed, String canonical) {
    assertThat(CountryCode.of(typed)).isEqualTo(new CountryCode(canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {"US", "us", "ZW", "AD"})
  void of_gives_one_shared_instance_per_country(String code) {
    assertThat(CountryCode.of(code)).isSameAs(CountryCode.of(code.toUpperCase()));
    assertThat(CountryCode.of(code)).isEqualTo(new CountryCode(code.toUpperCase()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"us", "de"})
  void the_constructor_itself_accepts_only_upper_case(String lower) {
    assertThatThrownBy(() -> new CountryCode(lower))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest(name = "\"{0}\" is not a country")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "USA", "U", "ZZ", "XX", "UK", "EU", "1A", " US", "US ", "840", "XK", "ÜS",
      })
  void anything_but_an_iso_alpha_2_code_is_an_invalid_argument(String code) {
    assertThatThrownBy(() -> new CountryCode(code))
        .isExactlyInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> CountryCode.of(code))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }
}
