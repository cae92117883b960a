package io.switchboard.rest.voiceos;

import java.util.List;
import java.util.Objects;

/**
 * A request the VoiceOS dialect refuses before any use case runs, carrying every problem found,
 * each located the way FastAPI locates them ({@code ["body", "webhooks", 0, "url"]}) so that
 * VoiceOS clients can parse it.
 */
final class VoiceOsValidationException extends RuntimeException {
  private final List<Problem> problems;

  VoiceOsValidationException(List<Problem> problems) {
    super(problems.isEmpty() ? "validation failed" : problems.get(0).msg(), null, false, false);
    this.problems = List.copyOf(problems);
  }

  static VoiceOsValidationException of(Problem problem) {
    return new VoiceOsValidationException(List.of(problem));
  }

  List<Problem> problems() {
    return problems;
  }

  /** One entry of FastAPI's {@code detail} list; {@code loc} holds strings and list indexes. */
  record Problem(List<Object> loc, String msg, String type) {
    static final String VALUE_ERROR = "value_error";
    static final String MISSING = "missing";
    static final String EXTRA_FORBIDDEN = "extra_forbidden";
    static final String STRING_TYPE = "string_type";
    static final String LIST_TYPE = "list_type";
    static final String DICT_TYPE = "dict_type";
    static final String ENUM = "enum";
    static final String INT_PARSING = "int_parsing";
    static final String BOOL_PARSING = "bool_parsing";
    static final String JSON_INVALID = "json_invalid";

    Problem {
      loc = List.copyOf(loc);
      Objects.requireNonNull(msg, "msg");
      Objects.requireNonNull(type, "type");
    }
  }
}
