package io.switchboard.domain.routing.policy;

import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Which callers a number takes: none on the deny list, only those on the allow list when it has
 * entries, and no anonymous ones when {@code rejectAnonymous}. The deny list wins over the allow
 * list, so {@code allow +49, deny +49900} takes German callers except premium-rate ones.
 */
public record CallerScreening(
    List<CallerPrefix> allow, List<CallerPrefix> deny, boolean rejectAnonymous) {
  public static final int MAX_ENTRIES = 1_000;

  public CallerScreening {
    Violations violations = new Violations();
    allow = distinct(allow, "allow", violations);
    deny = distinct(deny, "deny", violations);
    violations.throwIfAny();
  }

  private static List<CallerPrefix> distinct(
      List<CallerPrefix> entries, String field, Violations violations) {
    List<CallerPrefix> copy = List.copyOf(entries);
    if (copy.size() > MAX_ENTRIES) {
      violations.add(field, "must have at most " + MAX_ENTRIES + " entries");
    }
    var seen = new HashSet<CallerPrefix>();
    for (CallerPrefix p : copy) {
      if (!seen.add(p)) {
        violations.add(field, "lists " + p + " more than once");
      }
    }
    return copy;
  }

  /** The outcome of screening one caller. */
  public sealed interface Verdict {
    /** The short text of the rule that matched, such as {@code prefix +1900}. */
    String detail();
  }

  public record Allowed(String detail) implements Verdict {}

  public record Denied(String code, String detail) implements Verdict {}

  /**
   * @param caller the caller's canonical {@code +digits}, empty for an anonymous or withheld caller
   */
  public Verdict screen(Optional<String> caller) {
    if (caller.isEmpty()) {
      if (rejectAnonymous) {
        return new Denied("caller_anonymous", "anonymous callers are rejected");
      }
      if (!allow.isEmpty()) {
        return new Denied("caller_not_allowed", "anonymous caller, allow list has entries");
      }
      return new Allowed("anonymous caller accepted");
    }
    String number = caller.get();
    for (CallerPrefix p : deny) {
      if (p.matches(number)) {
        return new Denied("caller_denied", "prefix " + p);
      }
    }
    if (allow.isEmpty()) {
      return new Allowed(number + " not on the deny list");
    }
    for (CallerPrefix p : allow) {
      if (p.matches(number)) {
        return new Allowed(number + " allowed by prefix " + p);
      }
    }
    return new Denied("caller_not_allowed", number + " matches no allow-list entry");
  }

  /** Parses the entries of a list, naming each bad one as {@code field[i]}. */
  public static List<CallerPrefix> parse(List<String> entries, String field) {
    Violations violations = new Violations();
    var parsed = new java.util.ArrayList<CallerPrefix>(entries.size());
    if (entries.size() > MAX_ENTRIES) {
      throw InvalidArgumentException.of(field, "must have at most " + MAX_ENTRIES + " entries");
    }
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      CallerPrefix p = violations.parse(field + "[" + i + "]", () -> new CallerPrefix(entry));
      if (p != null) {
        parsed.add(p);
      }
    }
    violations.throwIfAny();
    return parsed;
  }
}
