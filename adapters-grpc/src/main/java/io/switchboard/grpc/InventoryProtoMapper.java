package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.timestamp;

import io.switchboard.application.inventory.ImportNumbersUseCase;
import io.switchboard.application.port.query.InventorySearch;
import io.switchboard.domain.common.Money;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.inventory.AvailableNumber;
import io.switchboard.domain.number.ComplianceRequirement;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.E164;
import io.switchboard.domain.number.NumberType;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.ImportNumbersResponse;
import io.switchboard.proto.v1.SearchAvailableNumbersRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The stock: AvailableNumber protos to and from the domain, import results, searches. */
final class InventoryProtoMapper {

  static final int DEFAULT_SEARCH_SIZE = 20;
  static final int MAX_IMPORT = 1000;

  private InventoryProtoMapper() {}

  static io.switchboard.proto.v1.AvailableNumber toProto(AvailableNumber n) {
    return io.switchboard.proto.v1.AvailableNumber.newBuilder()
        .setNumber(n.number().value())
        .setCountryCode(n.number().country().value())
        .setType(PhoneNumberProtoMapper.type(n.type()))
        .setCapabilities(PhoneNumberProtoMapper.capabilities(n.capabilities()))
        .setMonthlyFee(PhoneNumberProtoMapper.money(n.monthlyFee()))
        .setLocation(n.location())
        .addAllRequirements(
            n.requirements().stream().map(PhoneNumberProtoMapper::requirement).toList())
        .setImportTime(timestamp(n.importedAt()))
        .setAvailableTime(timestamp(n.availableFrom()))
        .build();
  }

  /**
   * Every item is checked before anything is imported; all violations are reported, each under its
   * index.
   */
  static List<AvailableNumber> importItems(ImportNumbersRequest request, Instant now) {
    var violations = new Violations();
    if (request.getNumbersCount() == 0) {
      violations.add("numbers", "must list at least one number");
    }
    if (request.getNumbersCount() > MAX_IMPORT) {
      violations.add("numbers", "must list at most " + MAX_IMPORT + " numbers per request");
      violations.throwIfAny();
    }
    var items = new ArrayList<AvailableNumber>();
    for (int i = 0; i < request.getNumbersCount(); i++) {
      var item = request.getNumbers(i);
      AvailableNumber parsed =
          violations.parse("numbers[" + i + "]", () -> availableNumber(item, now));
      if (parsed != null) {
        items.add(parsed);
      }
    }
    violations.throwIfAny();
    return items;
  }

  static AvailableNumber availableNumber(io.switchboard.proto.v1.AvailableNumber p, Instant now) {
    var violations = new Violations();
    E164 number = violations.parse("number", () -> E164.parse(p.getNumber()));
    NumberType type = violations.parse("type", () -> type(p.getType()));
    Money fee =
        violations.parse(
            "monthly_fee",
            () -> Money.of(p.getMonthlyFee().getAmount(), p.getMonthlyFee().getCurrency()));
    violations.throwIfAny();
    var requirements =
        p.getRequirementsList().stream()
            .map(r -> new ComplianceRequirement(r.getName(), r.getType(), r.getDescription()))
            .toList();
    return new AvailableNumber(
        number,
        type,
        PhoneNumberProtoMapper.capabilities(p.getCapabilities()),
        fee,
        p.getLocation(),
        requirements,
        now,
        now);
  }

  static ImportNumbersResponse importResults(List<ImportNumbersUseCase.ImportResult> results) {
    var b = ImportNumbersResponse.newBuilder();
    for (var r : results) {
      b.addResults(
          ImportNumbersResponse.Result.newBuilder()
              .setNumber(r.number().number().value())
              .setOutcome(
                  switch (r.outcome()) {
                    case IMPORTED -> ImportNumbersResponse.Result.Outcome.OUTCOME_IMPORTED;
                    case ALREADY_IN_STOCK ->
                        ImportNumbersResponse.Result.Outcome.OUTCOME_ALREADY_IN_STOCK;
                    case HELD_BY_AN_ORGANIZATION ->
                        ImportNumbersResponse.Result.Outcome.OUTCOME_HELD_BY_AN_ORGANIZATION;
                  }));
    }
    return b.build();
  }

  static InventorySearch search(SearchAvailableNumbersRequest request) {
    var violations = new Violations();
    Optional<CountryCode> country =
        request.getCountryCode().isEmpty()
            ? Optional.empty()
            : Optional.ofNullable(
                violations.parse("country_code", () -> CountryCode.of(request.getCountryCode())));
    Optional<NumberType> type =
        request.getType() == io.switchboard.proto.v1.NumberType.NUMBER_TYPE_UNSPECIFIED
            ? Optional.empty()
            : Optional.ofNullable(violations.parse("type", () -> type(request.getType())));
    Integer size =
        violations.parse(
            "",
            () ->
                PhoneNumberListQuery.pageSize(
                    request.getPageSize(), DEFAULT_SEARCH_SIZE, InventorySearch.MAX_LIMIT));
    violations.throwIfAny();
    try {
      return new InventorySearch(
          country,
          type,
          Optional.of(request.getPattern()),
          Optional.of(request.getAreaCode()),
          size);
    } catch (InvalidArgumentException e) {
      // The search names its limit "limit"; over gRPC it is page_size.
      throw e.violations().stream().anyMatch(v -> v.field().equals("limit"))
          ? InvalidArgumentException.of("page_size", e.violations().get(0).description())
          : e;
    }
  }

  static NumberType type(io.switchboard.proto.v1.NumberType type) {
    return switch (type) {
      case NUMBER_TYPE_LOCAL -> NumberType.LOCAL;
      case NUMBER_TYPE_TOLL_FREE -> NumberType.TOLL_FREE;
      case NUMBER_TYPE_MOBILE -> NumberType.MOBILE;
      case NUMBER_TYPE_NATIONAL -> NumberType.NATIONAL;
      case NUMBER_TYPE_UNSPECIFIED, UNRECOGNIZED ->
          throw InvalidArgumentException.of("", "must be LOCAL, TOLL_FREE, MOBILE or NATIONAL");
    };
  }
}
