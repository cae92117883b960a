package io.switchboard.rest.agentmessage;

import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.NumberType;
import java.util.Optional;

/**
 * AgentMessage knows three kinds of numbers: {@code local}, {@code toll_free} and {@code
 * short_code}. Ours map as follows: {@code TOLL_FREE} is {@code toll_free}; {@code LOCAL}, {@code
 * MOBILE} and {@code NATIONAL} are all long codes that AgentMessage clients address as {@code
 * local}. Switchboard holds no short codes, so a {@code short_code} filter matches nothing.
 */
enum AgentMessageNumberTypes {
  LOCAL("local"),
  TOLL_FREE("toll_free"),
  SHORT_CODE("short_code");

  private final String wireName;

  AgentMessageNumberTypes(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  static AgentMessageNumberTypes of(NumberType type) {
    return type == NumberType.TOLL_FREE ? TOLL_FREE : LOCAL;
  }

  static String wireNameOf(NumberType type) {
    return of(type).wireName;
  }

  static AgentMessageNumberTypes parse(String wireName) {
    for (AgentMessageNumberTypes t : values()) {
      if (t.wireName.equals(wireName)) {
        return t;
      }
    }
    throw InvalidArgumentException.of("", "must be one of local, toll_free, short_code");
  }

  /**
   * The one domain type a store query can filter on for this kind, when there is exactly one:
   * {@code toll_free} is {@code TOLL_FREE}; {@code local} spans three types and is filtered on the
   * results instead.
   */
  Optional<NumberType> exactDomainType() {
    return this == TOLL_FREE ? Optional.of(NumberType.TOLL_FREE) : Optional.empty();
  }

  boolean matches(NumberType type) {
    return of(type) == this;
  }
}
