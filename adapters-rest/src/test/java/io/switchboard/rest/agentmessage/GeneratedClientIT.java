package io.switchboard.rest.agentmessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.common.PhoneNumberView;
import io.switchboard.domain.org.Scope;
import io.switchboard.persistence.testing.TestApplication;
import io.switchboard.rest.generated.agentmessage.ApiClient;
import io.switchboard.rest.generated.agentmessage.ApiException;
import io.switchboard.rest.generated.agentmessage.api.PhoneNumbersApi;
import io.switchboard.rest.generated.agentmessage.model.PhoneNumber;
import io.switchboard.rest.generated.agentmessage.model.PhoneNumberEnvelope;
import io.switchboard.rest.generated.agentmessage.model.PhoneNumberList;
import io.switchboard.rest.generated.agentmessage.model.RoutingPatch;
import io.switchboard.rest.voiceos.DialectTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client openapi-generator builds from the AgentMessage document (at
 * generate-test-sources, see the pom) drives the real service: list, patch, and an error case. If
 * the document stopped describing what the service does, or stopped being something a generator can
 * use, this fails.
 */
class GeneratedClientIT {
  static TestApplication app;
  static DialectTestServer http;
  static TestApplication.Tenant tenant;
  static PhoneNumbersApi api;

  @BeforeAll
  static void start() {
    app = TestApplication.start(GeneratedClientIT.class);
    http = DialectTestServer.startRestApi(app.useCases(), app.clock());
    tenant = app.tenant("generated");
    String key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + http.port());
    client.setReadTimeout(Duration.ofSeconds(30));
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    api = new PhoneNumbersApi(client);
  }

  @AfterAll
  static void stop() {
    http.close();
    app.close();
  }

  @Test
  void lists_patches_and_reads_a_number_through_the_generated_client() throws ApiException {
    PhoneNumberView bought = tenant.buy("+12085557001");
    UUID id = UUID.fromString(bought.number().id().toString());

    PhoneNumberList page = api.listPhoneNumbers(10, null, null, null, null, null);
    assertThat(page.getSuccess()).isTrue();
    assertThat(page.getData()).extracting(PhoneNumber::getId).contains(id);
    assertThat(page.getMeta().getNextCursor()).isNull();

    PhoneNumberEnvelope patched =
        api.updatePhoneNumber(
            id,
            new RoutingPatch()
                .inboundUrl("https://customer.example/v2/inbound")
                .label("support line"),
            null,
            "generated-client-" + id,
            null);
    assertThat(patched.getData().getInboundUrl()).isEqualTo("https://customer.example/v2/inbound");
    assertThat(patched.getData().getLabel()).isEqualTo("support line");
    assertThat(api.getPhoneNumber(id, null).getData().getInboundUrl())
        .isEqualTo("https://customer.example/v2/inbound");
  }

  @Test
  void an_error_arrives_as_the_documented_status_and_envelope() {
    UUID unknown = UUID.fromString("497f6eca-6276-4993-bfeb-53cbbbba6f08");
    assertThatThrownBy(() -> api.getPhoneNumber(unknown, "generated-404"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(404);
              assertThat(e.getResponseBody())
                  .contains("\"code\":\"NOT_FOUND\"")
                  .contains("\"request_id\":\"generated-404\"");
            });
    assertThatThrownBy(() ->
            api.updatePhoneNumber(
                unknown, new RoutingPatch().inboundUrl("http://plain.example"), null, null, null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isIn(404, 422));
  }
}
