package io.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.application.common.HmacTokenSigner;
import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.ComplianceStatus;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberListQueryTest {
  private static final PageTokens TOKENS = new PageTokens(HmacTokenSigner.random());

  @Test
  void reads_every_documented_filter_field() {
    var filter =
        PhoneNumberListQuery.filter(
            "status = \"active\" AND country = \"us\" AND type = toll_free AND "
                + "compliance = \"requirement_pending\" AND bound_agent = \"agent-1\" AND include_external = true AND search = \"2 08\"");
    assertThat(filter.status()).contains(NumberStatus.ACTIVE);
    assertThat(filter.country()).contains(new CountryCode("US"));
    assertThat(filter.type()).contains(NumberType.TOLL_FREE);
    assertThat(filter.compliance()).contains(ComplianceStatus.REQUIREMENT_PENDING);
    assertThat(filter.boundToAgent()).contains(new AgentId("agent-1"));
    assertThat(filter.includeExternal()).isTrue();
    assertThat(filter.search()).contains("2 08");
  }

  @Test
  void an_empty_filter_lists_purchased_numbers() {
    var filter = PhoneNumberListQuery.filter("  ");
    assertThat(filter.includeExternal()).isFalse();
    assertThat(filter.status()).isEmpty();
  }

  @Test
  void quoted_values_may_contain_escaped_quotes_and_AND() {
    assertThat(PhoneNumberListQuery.filter("search = \"say \\\"AND\\\" x\"").search())
        .contains("say \"AND\" x");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status = released",
        "status = active OR type = local",
        "status active",
        "colour = red",
        "status = active AND status = pending",
        "include_external = maybe",
        "country = XX",
        "status = active AND",
        "campaign = not-a-uuid",
        "bound_agent = \"bad agent\""
      })
  void refuses_anything_outside_the_documented_subset(String filter) {
    assertThatThrownBy(() -> PhoneNumberListQuery.filter(filter))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("filter"));
  }

  @Test
  void reads_order_by() {
    assertThat(PhoneNumberListQuery.orderBy("")).isEqualTo(NumberSort.NEWEST_FIRST);
    assertThat(PhoneNumberListQuery.orderBy("monthly_fee"))
        .isEqualTo(new NumberSort(NumberSort.Field.MONTHLY_FEE, false));
    assertThat(PhoneNumberListQuery.orderBy(" number  DESC "))
        .isEqualTo(new NumberSort(NumberSort.Field.NUMBER, true));
    assertThatThrownBy(() -> PhoneNumberListQuery.orderBy("number sideways"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> PhoneNumberListQuery.orderBy("status"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void page_sizes_default_and_coerce_as_aip_158_says() {
    assertThat(PhoneNumberListQuery.pageSize(0, 50, 1000)).isEqualTo(50);
    assertThat(PhoneNumberListQuery.pageSize(5000, 50, 1000)).isEqualTo(1000);
    assertThatThrownBy(() -> PhoneNumberListQuery.pageSize(-1, 50, 1000))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void a_next_page_token_resumes_the_same_query_whatever_its_spelling_and_only_that_one() {
    var request =
        ListPhoneNumbersRequest.newBuilder()
            .setFilter("status = active AND country = US")
            .setOrderBy("number")
            .build();
    var query = PhoneNumberListQuery.parse(request, TOKENS);
    var id = PhoneNumberId.random();
    String token =
        PhoneNumberListQuery.nextPageToken(
            query,
            Optional.of(new NumberCursor(NumberSort.Field.NUMBER, "+12084439178", id)),
            TOKENS);

    var respelled =
        request.toBuilder()
            .setFilter("country = \"us\"   AND status = \"active\"")
            .setOrderBy("number asc")
            .setPageToken(token)
            .build();
    assertThat(PhoneNumberListQuery.parse(respelled, TOKENS).after())
        .contains(new NumberCursor(NumberSort.Field.NUMBER, "+12084439178", id));
    assertThatThrownBy(() ->
            PhoneNumberListQuery.parse(
                respelled.toBuilder().setOrderBy("number desc").build(), TOKENS))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_PAGE_TOKEN));
    assertThat(PhoneNumberListQuery.nextPageToken(query, Optional.empty(), TOKENS)).isEmpty();
  }
}
