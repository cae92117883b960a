package io.switchboard.domain.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReasonTest {

  private static final Pattern UPPER_SNAKE = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*");
  private static final String TOKEN = "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+";
  private static final Pattern GRPC_CODE_WITH_REASONS =
      Pattern.compile(
          "\\b(?:INVALID_ARGUMENT|DEADLINE_EXCEEDED"
              + "|NOT_FOUND|ALREADY_EXISTS|PERMISSION_DENIED|RESOURCE_EXHAUSTED|FAILED_PRECONDITION|ABORTED|OUT_OF_RANGE"
              + "|INTERNAL|UNAVAILABLE|UNAUTHENTICATED)\\s*\\(([^)]*)\\)");
  private static final Pattern NAMED_REASON = Pattern.compile("\\breason\\s+`?(" + TOKEN + ")");
  private static final Pattern BACKTICKED = Pattern.compile("`(" + TOKEN + ")`");

  /**
   * Codes the REST dialects answer with that are the dialect's own words for a status, not domain
   * reasons.
   */
  private static final Set<String> DIALECT_CODES =
      Set.of(
          "INVALID_JSON",
          "INVALID_INPUT",
          "MISSING_AUTH_TOKEN",
          "INVALID_AUTH_TOKEN",
          "INSUFFICIENT_PERMISSIONS",
          "NOT_FOUND",
          "METHOD_NOT_ALLOWED",
          "PRECONDITION_FAILED",
          "PAYLOAD_TOO_LARGE",
          "VALIDATION_ERROR",
          "VALIDATION_FAILED",
          "SERVICE_UNAVAILABLE",
          "INTERNAL_ERROR");

  /** The repository root: Maven runs a module's tests in the module's directory. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void the_wire_strings_are_the_released_contract() {
    // Clients branch on these strings: one may be added, none renamed or removed.
    assertThat(Arrays.stream(Reason.values()).map(Reason::wire))
        .containsExactlyInAnyOrder(
            "PHONE_NUMBER_NOT_FOUND",
            "AVAILABLE_NUMBER_NOT_FOUND",
            "TRUNK_NOT_FOUND",
            "BINDING_NOT_FOUND",
            "AGENT_NOT_FOUND",
            "ORGANIZATION_NOT_FOUND",
            "API_KEY_NOT_FOUND",
            "WEBHOOK_ENDPOINT_NOT_FOUND",
            "WEBHOOK_DELIVERY_NOT_FOUND",
            "JOB_NOT_FOUND",
            "ALREADY_EXISTS",
            "PHONE_NUMBER_ALREADY_EXISTS",
            "PHONE_NUMBER_ALREADY_HELD",
            "PHONE_NUMBER_UNAVAILABLE",
            "PHONE_NUMBER_IS_PURCHASED",
            "TRUNK_ALREADY_EXISTS",
            "BINDING_ALREADY_EXISTS",
            "NUMBER_ALREADY_BOUND",
            "AGENT_ALREADY_BOUND",
            "ORGANIZATION_ALREADY_EXISTS",
            "API_KEY_ALREADY_EXISTS",
            "INVENTORY_NUMBER_ALREADY_EXISTS",
            "INVALID_ARGUMENT",
            "UNKNOWN_FIELD",
            "INVALID_PAGE_TOKEN",
            "IDEMPOTENCY_KEY_REUSED",
            "VALUE_OUT_OF_RANGE",
            "CHANNEL_NOT_CAPABLE",
            "PHONE_NUMBER_RELEASED",
            "PHONE_NUMBER_IS_EXTERNAL",
            "PHONE_NUMBER_QUARANTINED",
            "PHONE_NUMBER_HAS_TRUNKS",
            "INSUFFICIENT_INVENTORY",
            "RESOURCE_IN_USE",
            "SECRET_KEY_UNAVAILABLE",
            "ETAG_MISMATCH",
            "IDEMPOTENCY_KEY_IN_FLIGHT",
            "MISSING_CREDENTIALS",
            "INVALID_CREDENTIALS",
            "MISSING_SCOPE",
            "PURCHASE_LIMIT_REACHED",
            "RATE_LIMITED",
            "TOO_MANY_STREAMS",
            "SERVER_OVERLOADED",
            "REVISION_PURGED",
            "DATABASE_UNAVAILABLE",
            "DEADLINE_EXCEEDED",
            "REVISION_NOT_APPLIED");
  }

  @Test
  void every_reason_has_its_own_wire_string() {
    assertThat(Arrays.stream(Reason.values()).map(Reason::wire).distinct().count())
        .isEqualTo(Reason.values().length);
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void every_wire_string_is_upper_snake_case_and_reads_back_as_its_reason(Reason reason) {
    assertThat(reason.wire()).matches(UPPER_SNAKE);
    assertThat(Reason.fromWire(reason.wire())).contains(reason);
    assertThat(reason.toString()).isEqualTo(reason.wire());
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void a_reason_names_a_missing_resource_exactly_when_it_is_a_not_found_reason(Reason reason) {
    assertThat(reason.kind() == NotFoundException.class)
        .isEqualTo(reason.wire().endsWith("_NOT_FOUND"));
  }

  @Test
  void an_unknown_wire_string_is_no_reason() {
    assertThat(Reason.fromWire("NUMBER_RELEASED")).isEmpty();
    assertThat(Reason.fromWire("phone_number_not_found")).isEmpty();
  }

  @Test
  void every_reason_the_proto_comments_name_is_in_the_catalogue() {
    var documented = new TreeMap<String, Path>();
    for (Path proto : files(ROOT.resolve("proto/src/main/proto/switchboard/v1"), ".proto")) {
      String comments =
          read(proto)
              .lines()
              .map(String::strip)
              .filter(l -> l.startsWith("//"))
              .map(l -> l.substring(2))
              .collect(Collectors.joining(" "));
      Matcher codes = GRPC_CODE_WITH_REASONS.matcher(comments);
      while (codes.find()) {
        tokens(Pattern.compile(TOKEN), codes.group(1)).forEach(t -> documented.put(t, proto));
      }
      tokens(NAMED_REASON, comments).forEach(t -> documented.put(t, proto));
    }

    assertThat(documented)
        .as("reasons found in the proto comments")
        .containsKeys(
            "PHONE_NUMBER_NOT_FOUND",
            "INSUFFICIENT_INVENTORY",
            "ETAG_MISMATCH",
            "IDEMPOTENCY_KEY_IN_FLIGHT",
            "REVISION_NOT_APPLIED");
    assertThat(documented.keySet())
        .as("documented in %s", documented)
        .allSatisfy(this::isInTheCatalogue);
  }

  @Test
  void every_reason_the_readme_and_the_docs_name_is_in_the_catalogue() {
    var documented = new TreeSet<String>();
    Stream.concat(Stream.of(ROOT.resolve("README.md")), files(ROOT.resolve("docs"), ".md").stream())
        .forEach(doc -> documented.addAll(tokens(NAMED_REASON, read(doc))));

    assertThat(documented)
        .contains("TOO_MANY_STREAMS", "SERVER_OVERLOADED", "SECRET_KEY_UNAVAILABLE");
    assertThat(documented).allSatisfy(this::isInTheCatalogue);
  }

  @Test
  void every_code_the_openapi_documents_name_is_a_reason_or_a_dialects_own_code() {
    var documented = new TreeMap<String, Path>();
    for (Path openapi : files(ROOT.resolve("adapters-rest/src/main/resources/openapi"), ".yaml")) {
      tokens(BACKTICKED, read(openapi)).forEach(t -> documented.put(t, openapi));
    }

    assertThat(documented)
        .as("codes found in the OpenAPI documents")
        .containsKeys(
            "INSUFFICIENT_INVENTORY",
            "IDEMPOTENCY_KEY_REUSED",
            "CHANNEL_NOT_CAPABLE",
            "VALIDATION_ERROR");
    assertThat(documented.keySet())
        .as("documented in %s", documented)
        .allSatisfy(code ->
            assertThat(DIALECT_CODES.contains(code) || Reason.fromWire(code).isPresent())
                .as("%s is neither a reason in the catalogue nor a dialect's own code", code)
                .isTrue());
  }

  private void isInTheCatalogue(String wire) {
    assertThat(Reason.fromWire(wire))
        .as("%s is documented but not in the catalogue", wire)
        .isPresent();
  }

  private static List<String> tokens(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    var found = new ArrayList<String>();
    while (m.find()) {
      found.add(m.groupCount() == 0 ? m.group() : m.group(1));
    }
    return found;
  }

  private static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> found = list.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
      assertThat(found).as("%s files in %s", suffix, dir).isNotEmpty();
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
