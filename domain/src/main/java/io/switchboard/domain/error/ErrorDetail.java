package io.switchboard.domain.error;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Facts a refusal carries that an adapter needs to act on, typed so no adapter parses strings. Each
 * renders itself as the string metadata of gRPC's {@code ErrorInfo}, which is part of the contract
 * as it stands.
 */
public sealed interface ErrorDetail {

  Map<String, String> metadata();

  /** An order of several numbers refused because some are not available; nothing was bought. */
  record InsufficientInventory(int availableCount, List<String> unavailableNumbers)
      implements ErrorDetail {
    public InsufficientInventory {
      unavailableNumbers = List.copyOf(unavailableNumbers);
    }

    @Override
    public Map<String, String> metadata() {
      return Map.of(
          "available_count",
          Integer.toString(availableCount),
          "unavailable_numbers",
          String.join(",", unavailableNumbers));
    }
  }

  /** The organization's purchase cap and how many active purchased numbers it holds. */
  record PurchaseLimit(int limit, long current) implements ErrorDetail {
    @Override
    public Map<String, String> metadata() {
      return Map.of("limit", Integer.toString(limit), "current", Long.toString(current));
    }
  }

  /** The scope the credential lacks, by its wire name (for example {@code numbers:write}). */
  record RequiredScope(String scope) implements ErrorDetail {
    public RequiredScope {
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public Map<String, String> metadata() {
      return Map.of("required_scope", scope);
    }
  }

  /**
   * The request field that asks for what the resource cannot do, dotted (for example {@code
   * sms.enabled}).
   */
  record OffendingField(String field) implements ErrorDetail {
    public OffendingField {
      Objects.requireNonNull(field, "field");
    }

    @Override
    public Map<String, String> metadata() {
      return Map.of("field", field);
    }
  }
}
