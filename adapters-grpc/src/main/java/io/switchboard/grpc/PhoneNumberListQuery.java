package io.switchboard.grpc;

import io.switchboard.application.port.query.NumberCursor;
import io.switchboard.application.port.query.NumberFilter;
import io.switchboard.application.port.query.NumberQuery;
import io.switchboard.application.port.query.NumberSort;
import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.number.ComplianceStatus;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.routing.CampaignId;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code filter}, {@code order_by}, {@code page_size} and {@code page_token} of
 * ListPhoneNumbers: the AIP-160 subset documented in phone_number_service.proto (equality terms
 * joined by AND).
 */
final class PhoneNumberListQuery {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_FILTER_LENGTH = 4096;
  // The quoted value is an unrolled loop with possessive quantifiers: java.util.regex recurses once
  // per repetition of
  // an alternation group, so "(?:[^\"\\\\]|\\\\.)*" overflows the stack on a long value.
  private static final Pattern TERM =
      Pattern.compile(
          "\\s*([a-z_]+)\\s*=\\s*(?:\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"|([A-Za-z0-9_.:+\\-]++))\\s*");
  private static final Pattern AND = Pattern.compile("AND(?=[\\s\"])");

  private PhoneNumberListQuery() {}

  static NumberQuery parse(ListPhoneNumbersRequest request, PageTokens pageTokens) {
    NumberFilter filter = filter(request.getFilter());
    NumberSort sort = orderBy(request.getOrderBy());
    int pageSize = pageSize(request.getPageSize(), DEFAULT_PAGE_SIZE, NumberQuery.MAX_PAGE_SIZE);
    Optional<NumberCursor> after = Optional.empty();
    if (!request.getPageToken().isEmpty()) {
      List<String> parts = pageTokens.decode(request.getPageToken(), boundTo(filter, sort), 2);
      PhoneNumberId id;
      try {
        id = PhoneNumberId.parse(parts.get(1));
      } catch (InvalidArgumentException e) {
        throw InvalidArgumentException.withReason(
            Reason.INVALID_PAGE_TOKEN, "page_token", "is not a token this list issued");
      }
      try {
        after = Optional.of(new NumberCursor(sort.field(), parts.get(0), id));
      } catch (InvalidArgumentException e) {
        throw InvalidArgumentException.withReason(
            Reason.INVALID_PAGE_TOKEN, "page_token", "is not a token this list issued");
      }
    }
    return new NumberQuery(filter, sort, pageSize, after, 0, false);
  }

  static String nextPageToken(
      NumberQuery query, Optional<NumberCursor> next, PageTokens pageTokens) {
    return next.map(c ->
            pageTokens.encode(
                boundTo(query.filter(), query.sort()),
                List.of(c.sortValue(), c.afterId().toString())))
        .orElse("");
  }

  /** AIP-158: 0 means the default, more than the maximum is coerced down, negative is refused. */
  static int pageSize(int requested, int defaultSize, int max) {
    if (requested < 0) {
      throw InvalidArgumentException.of("page_size", "must not be negative");
    }
    return requested == 0 ? defaultSize : Math.min(requested, max);
  }

  private static String boundTo(NumberFilter filter, NumberSort sort) {
    // Records render deterministically, so equal queries give equal hashes whatever their spelling.
    return "phone_numbers|" + filter + "|" + sort;
  }

  static NumberFilter filter(String text) {
    if (text.length() > MAX_FILTER_LENGTH) {
      throw filterError("must be at most " + MAX_FILTER_LENGTH + " characters");
    }
    Map<String, String> terms = terms(text);
    Optional<NumberStatus> status = Optional.empty();
    Optional<CountryCode> country = Optional.empty();
    Optional<NumberType> type = Optional.empty();
    Optional<ComplianceStatus> compliance = Optional.empty();
    Optional<String> search = Optional.empty();
    Optional<AgentId> boundAgent = Optional.empty();
    Optional<CampaignId> campaign = Optional.empty();
    boolean includeExternal = false;
    for (var term : terms.entrySet()) {
      String value = term.getValue();
      switch (term.getKey()) {
        case "status" ->
            status =
                Optional.of(
                    enumValue(
                        NumberStatus.class,
                        "status",
                        value,
                        List.of(NumberStatus.ACTIVE, NumberStatus.PENDING, NumberStatus.INACTIVE)));
        case "country" -> country = Optional.of(inFilter("country", () -> CountryCode.of(value)));
        case "type" ->
            type =
                Optional.of(
                    enumValue(NumberType.class, "type", value, List.of(NumberType.values())));
        case "compliance" ->
            compliance =
                Optional.of(
                    enumValue(
                        ComplianceStatus.class,
                        "compliance",
                        value,
                        List.of(ComplianceStatus.values())));
        case "search" -> search = Optional.of(value);
        case "bound_agent" ->
            boundAgent = Optional.of(inFilter("bound_agent", () -> new AgentId(value)));
        case "campaign" ->
            campaign = Optional.of(inFilter("campaign", () -> CampaignId.parse(value)));
        case "include_external" ->
            includeExternal =
                switch (value) {
                  case "true" -> true;
                  case "false" -> false;
                  default -> throw filterError("include_external must be true or false");
                };
        default ->
            throw filterError(
                "unknown field "
                    + term.getKey()
                    + "; expected status, country, type, compliance, bound_agent, campaign, include_external or search");
      }
    }
    try {
      return new NumberFilter(
          status, country, type, compliance, search, boundAgent, campaign, includeExternal);
    } catch (InvalidArgumentException e) {
      throw filterError(
          e.violations().isEmpty()
              ? e.getMessage()
              : e.violations().get(0).field() + " " + e.violations().get(0).description());
    }
  }

  private static Map<String, String> terms(String text) {
    var terms = new HashMap<String, String>();
    if (text.isBlank()) {
      return terms;
    }
    int position = 0;
    while (true) {
      Matcher m = TERM.matcher(text).region(position, text.length());
      if (!m.lookingAt()) {
        throw filterError("expected field = value at position " + position);
      }
      String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
      if (terms.put(m.group(1), value) != null) {
        throw filterError(m.group(1) + " appears more than once");
      }
      position = m.end();
      if (position == text.length()) {
        return terms;
      }
      Matcher and = AND.matcher(text).region(position, text.length());
      if (!and.lookingAt()) {
        throw filterError(
            "expected AND at position " + position + " (only AND of equality terms is supported)");
      }
      position = and.end();
    }
  }

  static NumberSort orderBy(String text) {
    String[] words = text.strip().split("\\s+");
    if (text.isBlank()) {
      return NumberSort.NEWEST_FIRST;
    }
    if (words.length > 2) {
      throw InvalidArgumentException.of(
          "order_by", "must be one field, optionally followed by asc or desc");
    }
    NumberSort.Field field =
        switch (words[0]) {
          case "create_time" -> NumberSort.Field.CREATED_AT;
          case "monthly_fee" -> NumberSort.Field.MONTHLY_FEE;
          case "number" -> NumberSort.Field.NUMBER;
          default ->
              throw InvalidArgumentException.of(
                  "order_by", "must order by create_time, monthly_fee or number");
        };
    boolean descending =
        words.length == 2
            && switch (words[1].toLowerCase(Locale.ROOT)) {
              case "asc" -> false;
              case "desc" -> true;
              default ->
                  throw InvalidArgumentException.of("order_by", "direction must be asc or desc");
            };
    return new NumberSort(field, descending);
  }

  private static <E extends Enum<E>> E enumValue(
      Class<E> type, String field, String value, List<E> allowed) {
    for (E candidate : allowed) {
      if (candidate.name().toLowerCase(Locale.ROOT).equals(value)) {
        return candidate;
      }
    }
    throw filterError(
        field
            + " must be one of "
            + allowed.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
  }

  private static <T> T inFilter(String field, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidArgumentException e) {
      throw filterError(
          field
              + " "
              + (e.violations().isEmpty() ? "is invalid" : e.violations().get(0).description()));
    }
  }

  private static InvalidArgumentException filterError(String description) {
    return InvalidArgumentException.of("filter", description);
  }
}
