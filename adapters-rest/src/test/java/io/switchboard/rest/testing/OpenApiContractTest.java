package io.switchboard.rest.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract check itself: a response that drifts from its document fails, one that matches
 * passes.
 */
class OpenApiContractTest {
  private static final String NUMBER =
      """
      {"id":"497f6eca-6276-4993-bfeb-53cbbbba6f08","number":"+14155550123","number_type":"local",
       "inbound_url":null,"status_url":null,"label":null,"campaign_id":null,"carrier_line_option_status":"active",
       "carrier_line_option_propagated_at":null,"sms_enabled":true,"mms_enabled":false,
       "created_at":"2019-08-24T14:15:22Z","updated_at":"2019-08-24T14:15:22Z"%s}\
      """;

  private static HttpHeaders headers(String... pairs) {
    var map = new java.util.LinkedHashMap<String, List<String>>();
    map.put("Content-Type", List.of("application/json"));
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], List.of(pairs[i + 1]));
    }
    return HttpHeaders.of(Map.copyOf(map), (a, b) -> true);
  }

  private static String resource(String extra) {
    return "{\"success\":true,\"data\":" + NUMBER.formatted(extra) + "}";
  }

  @Test
  void a_documented_response_passes() {
    assertThatCode(() ->
            OpenApiContract.assertMatches(
                "GET",
                "/v1/phone-numbers/497f6eca-6276-4993-bfeb-53cbbbba6f08",
                200,
                headers("X-Request-Id", "r1", "ETag", "\"1\""),
                resource("")))
        .doesNotThrowAnyException();
  }

  @Test
  void an_undocumented_field_fails() {
    assertThatThrownBy(() ->
            OpenApiContract.assertMatches(
                "GET",
                "/v1/phone-numbers/497f6eca-6276-4993-bfeb-53cbbbba6f08",
                200,
                headers("X-Request-Id", "r1", "ETag", "\"1\""),
                resource(",\"secret\":\"x\"")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("secret");
  }

  @Test
  void a_missing_required_header_fails() {
    assertThatThrownBy(() ->
            OpenApiContract.assertMatches(
                "GET",
                "/v1/phone-numbers/497f6eca-6276-4993-bfeb-53cbbbba6f08",
                200,
                headers("X-Request-Id", "r1"),
                resource("")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ETag");
  }

  @Test
  void an_undocumented_status_fails() {
    assertThatThrownBy(() ->
            OpenApiContract.assertMatches(
                "GET",
                "/phone_numbers",
                418,
                headers("X-Request-Id", "r1"),
                "{\"detail\":\"teapot\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("418");
  }

  @Test
  void an_unknown_route_must_answer_in_the_dialects_error_shape() {
    assertThatCode(() ->
            OpenApiContract.assertMatches(
                "GET",
                "/api/v1/nowhere",
                404,
                headers("X-Request-Id", "r1"),
                "{\"success\":false,\"message\":\"Resource or endpoint doesn't exist\",\"error\":{\"code\":\"NOT_FOUND\","
                    + "\"details\":\"no such endpoint\",\"field\":null}}"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() ->
            OpenApiContract.assertMatches(
                "GET",
                "/api/v1/nowhere",
                404,
                headers("X-Request-Id", "r1"),
                "{\"detail\":\"Not Found\"}"))
        .isInstanceOf(AssertionError.class);
  }
}
