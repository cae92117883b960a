package io.switchboard.application.port.query;

import io.switchboard.domain.agent.AgentId;
import io.switchboard.domain.number.ComplianceStatus;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.number.NumberStatus;
import io.switchboard.domain.number.NumberType;
import io.switchboard.domain.routing.CampaignId;
import java.util.Objects;
import java.util.Optional;

/**
 * Which held numbers a list shows. Released numbers are never listed. {@code search} matches a
 * substring of the number's digits, or the country code, or a substring of the label
 * (case-insensitive). External numbers are left out unless {@code includeExternal}.
 */
public record NumberFilter(
    Optional<NumberStatus> status,
    Optional<CountryCode> country,
    Optional<NumberType> type,
    Optional<ComplianceStatus> compliance,
    Optional<String> search,
    Optional<AgentId> boundToAgent,
    Optional<CampaignId> campaign,
    boolean includeExternal) {
  public static final int MAX_SEARCH_LENGTH = 100;
  public static final NumberFilter ALL_PURCHASED =
      new NumberFilter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false);
  public static final NumberFilter EVERYTHING =
      new NumberFilter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          true);

  public NumberFilter {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(compliance, "compliance");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(boundToAgent, "boundToAgent");
    Objects.requireNonNull(campaign, "campaign");
    if (status.isPresent() && status.get() == NumberStatus.RELEASED) {
      throw io.switchboard.domain.error.InvalidArgumentException.of(
          "status", "released numbers are never listed");
    }
    search = search.map(String::strip).filter(s -> !s.isEmpty());
    if (search.isPresent() && search.get().length() > MAX_SEARCH_LENGTH) {
      throw io.switchboard.domain.error.InvalidArgumentException.of(
          "search", "must be at most " + MAX_SEARCH_LENGTH + " characters");
    }
    // PostgreSQL text cannot hold U+0000: refused here, it would fail the query as a server error
    if (search.isPresent() && search.get().indexOf('\u0000') >= 0) {
      throw io.switchboard.domain.error.InvalidArgumentException.of(
          "search", "must not contain the NUL character");
    }
  }
}
