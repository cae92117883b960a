package io.switchboard.domain.number;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class E164Properties {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Canonical example numbers of every region libphonenumber knows, as E.164 strings. */
  private static final List<String> EXAMPLES =
      UTIL.getSupportedRegions().stream()
          .sorted()
          .flatMap(region -> Optional.ofNullable(UTIL.getExampleNumber(region)).stream())
          .map(n -> UTIL.format(n, PhoneNumberFormat.E164))
          .toList();

  @Property(tries = 2000)
  void parse_either_returns_a_valid_canonical_number_or_throws_invalid_argument(
      @ForAll("anyInput") String input) {
    E164 parsed;
    try {
      parsed = E164.parse(input);
    } catch (InvalidArgumentException expected) {
      return;
    }
    assertThat(parsed.value()).matches("\\+[1-9][0-9]{6,14}");
    assertThat(UTIL.isValidNumber(parseWithLibphonenumber(parsed.value()))).isTrue();
  }

  @Property(tries = 2000)
  void parse_is_idempotent(@ForAll("anyInput") String input) {
    E164 parsed;
    try {
      parsed = E164.parse(input);
    } catch (InvalidArgumentException rejected) {
      return;
    }
    assertThat(E164.parse(parsed.value())).isEqualTo(parsed);
  }

  @Property(tries = 2000)
  void normalize_never_throws_and_yields_a_plus_and_7_to_15_digits(
      @ForAll("anyInput") String input) {
    Optional<String> normalized = E164.normalize(input);

    normalized.ifPresent(n -> assertThat(n).matches("\\+[1-9][0-9]{6,14}"));
  }

  @Property(tries = 1000)
  void separators_and_prefixes_never_change_the_canonical_number(
      @ForAll("writtenForms") WrittenForm form) {
    assertThat(E164.parse(form.written()).value()).isEqualTo(form.canonical());
  }

  @Property(tries = 500)
  void the_country_is_the_region_libphonenumber_assigns(
      @ForAll("canonicalNumbers") String canonical) {
    E164 parsed;
    try {
      parsed = E164.parse(canonical);
    } catch (InvalidArgumentException notAnIsoCountry) {
      // A few regions libphonenumber knows are not ISO 3166-1 countries (AC, TA, XK); they are
      // refused, never mangled.
      assertThat(UTIL.getRegionCodeForNumber(parseWithLibphonenumber(canonical)))
          .isIn("AC", "TA", "XK");
      return;
    }
    assertThat(parsed.country().value())
        .isEqualTo(UTIL.getRegionCodeForNumber(parseWithLibphonenumber(canonical)));
  }

  @Property(tries = 500)
  void the_routing_cache_key_of_a_canonical_number_is_the_number_itself(
      @ForAll("canonicalNumbers") String canonical) {
    E164 parsed;
    try {
      parsed = E164.parse(canonical);
    } catch (InvalidArgumentException notAnIsoCountry) {
      return;
    }
    assertThat(E164.normalize(parsed.value())).contains(parsed.value());
  }

  record WrittenForm(String canonical, String written) {}

  @Provide
  Arbitrary<String> anyInput() {
    Arbitrary<String> phoneish =
        Arbitraries.strings().withChars("0123456789 +-.()").ofMaxLength(40);
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(16);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(64)),
        net.jqwik.api.Tuple.of(3, phoneish),
        net.jqwik.api.Tuple.of(2, digits),
        net.jqwik.api.Tuple.of(1, digits.map(d -> "+" + d)),
        net.jqwik.api.Tuple.of(1, digits.map(d -> "00" + d)),
        net.jqwik.api.Tuple.of(3, writtenForms().map(WrittenForm::written)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMinLength(1000).ofMaxLength(5000)));
  }

  @Provide
  Arbitrary<String> canonicalNumbers() {
    return Arbitraries.of(EXAMPLES);
  }

  /**
   * A valid number written with an optional "+" or "00" prefix and any of the separators people
   * type.
   */
  @Provide
  Arbitrary<WrittenForm> writtenForms() {
    Arbitrary<String> separator = Arbitraries.of("", "", "", " ", "-", ".", "(", ")");
    Arbitrary<String> prefix = Arbitraries.of("+", "", "00", "+ ", "(+", "00 ");
    return Combinators.combine(canonicalNumbers(), prefix, separator.list().ofSize(15))
        .as((canonical, p, separators) -> {
          String digits = canonical.substring(1);
          var written = new StringBuilder(p);
          for (int i = 0; i < digits.length(); i++) {
            written.append(digits.charAt(i));
            if (i < digits.length() - 1) {
              written.append(separators.get(i));
            }
          }
          return new WrittenForm(canonical, written.toString());
        })
        // Without a "+" or "00", a number is read as international anyway; keep only the ones that
        // are ours.
        .filter(form -> isOurs(form.canonical()));
  }

  private static boolean isOurs(String canonical) {
    try {
      return E164.parse(canonical).value().equals(canonical);
    } catch (InvalidArgumentException e) {
      return false;
    }
  }

  private static com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parseWithLibphonenumber(
      String e164) {
    try {
      return UTIL.parse(e164, "ZZ");
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      throw new AssertionError(e);
    }
  }
}
