package io.switchboard.domain.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class E164Test {

  @ParameterizedTest(name = "\"{0}\" is +12084439178")
  @ValueSource(
      strings = {
        "+12084439178",
        "12084439178",
        "+1 208 443 9178",
        "1 208 443 9178",
        "+1-208-443-9178",
        "+1.208.443.9178",
        "+1 (208) 443-9178",
        "(+1) 208 443 9178",
        "001 208 443 9178",
        "0012084439178",
        "00 1-208-443-9178",
        "  +1 208 443 9178  ",
      })
  void every_written_form_of_a_number_parses_to_one_canonical_value(String input) {
    E164 parsed = E164.parse(input);

    assertThat(parsed.value()).isEqualTo("+12084439178");
    assertThat(parsed.country()).isEqualTo(new CountryCode("US"));
    assertThat(parsed).isEqualTo(E164.parse("+12084439178"));
  }

  @ParameterizedTest(name = "{0} belongs to {2}")
  @CsvSource({
    "+1 208 443 9178,     +12084439178,  US",
    "+39 02 1234 5678,    +390212345678, IT",
    "0039 312 345 6789,   +393123456789, IT",
    "+44 20 7946 0958,    +442079460958, GB",
    "+49 30 901820,       +4930901820,   DE",
    "+33 1 42 68 53 00,   +33142685300,  FR",
    "+1 416 555 0123,     +14165550123,  CA",
  })
  void the_country_is_derived_from_the_number(String input, String canonical, String country) {
    E164 parsed = E164.parse(input);

    assertThat(parsed.value()).isEqualTo(canonical);
    assertThat(parsed.country().value()).isEqualTo(country);
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        " ",
        "+",
        "abc",
        "+1 208 CALL NOW",
        "+1208443917x",
        "+1 208 443", // too short
        "+123456", // fewer than 7 digits
        "+1234567890123456", // more than 15 digits
        "+12084439178123456789", // far too long
        "+0 208 443 9178", // country codes never start with 0
        "++12084439178", // two plus signs
        "1+2084439178", // plus in the middle
        "+1/208/443/9178", // not a separator people use
        "tel:+12084439178",
        "+1 208 443 9178 ext. 12",
        "+1 000 000 0000", // shaped like a number, but no such number
        "+800 1234 5678", // international freephone: belongs to no country
        "+882 3421 2345", // international networks: belongs to no country
        "０１２３４５６７８９", // full-width digits
        "+١٢٠٨٤٤٣٩١٧٨", // Arabic-Indic digits
      })
  void what_is_not_a_valid_phone_number_of_a_country_is_an_invalid_argument(String input) {
    assertThatThrownBy(() -> E164.parse(input)).isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_huge_input_is_an_invalid_argument_without_being_parsed() {
    String huge = "1".repeat(1_000_000);

    assertThatThrownBy(() -> E164.parse(huge)).isExactlyInstanceOf(InvalidArgumentException.class);
    assertThat(E164.normalize(huge)).isEmpty();
  }

  @Test
  void the_rejection_points_at_the_field_itself_so_callers_can_nest_it() {
    assertThatThrownBy(() -> E164.parse("abc"))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
              assertThat(e.violations())
                  .singleElement()
                  .satisfies(v -> assertThat(v.field()).isEmpty());
            });
  }

  @ParameterizedTest(name = "normalize(\"{0}\") = {1}")
  @CsvSource(
      nullValues = "NONE",
      value = {
        "+1 (208) 443-9178,     +12084439178",
        "0012084439178,         +12084439178",
        "1.208.443.9178,        +12084439178",
        "+1 000 000 0000,       +10000000000", // syntactic only: no validity check
        "+0012084439178,        NONE", // a plus then 00 is not an international prefix
        "abc,                   NONE",
        "123456,                NONE",
        "1234567890123456,      NONE",
      })
  void normalize_gives_the_cheap_syntactic_form_without_the_validity_check(
      String input, String expected) {
    assertThat(E164.normalize(input)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void normalize_of_nothing_is_empty() {
    assertThat(E164.normalize(null)).isEmpty();
    assertThat(E164.normalize("")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"12084439178", "+1 208 443 9178", "+", "+0208443917", "+1234567890123456"})
  void the_constructor_refuses_anything_but_the_canonical_form(String value) {
    assertThatThrownBy(() -> new E164(value, new CountryCode("US")))
        .isExactlyInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void digits_are_the_number_without_the_plus() {
    assertThat(E164.parse("+1 208 443 9178").digits()).isEqualTo("12084439178");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "+12084439178,  LOCAL",
    "+18005550199,  TOLL_FREE",
    "+393123456789, MOBILE",
    "+442079460958, LOCAL",
  })
  void the_inferred_type_follows_libphonenumber(String number, NumberType type) {
    assertThat(E164.parse(number).inferredType()).isEqualTo(type);
  }

  @Test
  void to_string_is_the_canonical_value() {
    assertThat(E164.parse("001 208 443 9178")).hasToString("+12084439178");
  }
}
