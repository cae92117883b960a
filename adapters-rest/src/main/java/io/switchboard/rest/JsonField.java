package io.switchboard.rest;

import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One field of a request as read from JSON or a query string, in four states: absent, explicitly
 * {@code null}, present with a value, or invalid (its violation is already recorded, so callers
 * just carry on and the request fails at {@link FieldProblems#throwIfAny()}). Dialects decide what
 * absent and null mean with the methods below.
 */
public final class JsonField<T> {
  private enum State {
    ABSENT,
    NULL,
    PRESENT,
    INVALID
  }

  private final String path;
  private final State state;
  private final T value;
  private final FieldProblems problems;

  private JsonField(String path, State state, T value, FieldProblems problems) {
    this.path = path;
    this.state = state;
    this.value = value;
    this.problems = problems;
  }

  static <T> JsonField<T> absent(String path, FieldProblems problems) {
    return new JsonField<>(path, State.ABSENT, null, problems);
  }

  static <T> JsonField<T> ofNull(String path, FieldProblems problems) {
    return new JsonField<>(path, State.NULL, null, problems);
  }

  static <T> JsonField<T> present(String path, T value, FieldProblems problems) {
    return new JsonField<>(path, State.PRESENT, value, problems);
  }

  static <T> JsonField<T> invalid(String path, String description, FieldProblems problems) {
    problems.add(path, description);
    return new JsonField<>(path, State.INVALID, null, problems);
  }

  /** Invalid, its violations recorded by the caller already. */
  static <T> JsonField<T> invalidRecorded(String path, FieldProblems problems) {
    return new JsonField<>(path, State.INVALID, null, problems);
  }

  /**
   * The dotted path of the field in the caller's terms, for example {@code
   * channel_settings.voice.enabled}.
   */
  public String path() {
    return path;
  }

  public boolean isAbsent() {
    return state == State.ABSENT;
  }

  public boolean isNull() {
    return state == State.NULL;
  }

  public boolean isPresent() {
    return state == State.PRESENT;
  }

  /** The value when present; empty when absent, null or invalid. */
  public Optional<T> optional() {
    return state == State.PRESENT ? Optional.of(value) : Optional.empty();
  }

  /**
   * The value; records "is required" when absent or null. Returns null unless present (the request
   * will fail).
   */
  public T required() {
    if (state == State.ABSENT || state == State.NULL) {
      problems.add(path, "is required");
    }
    return value;
  }

  /** Refuses an explicit {@code null} (for dialects where null means nothing sensible). */
  public JsonField<T> rejectNull() {
    if (state == State.NULL) {
      return invalid(path, "must not be null", problems);
    }
    return this;
  }

  /**
   * Turns a present value into a domain value; a domain {@link InvalidArgumentException} is
   * recorded under this field's path (so {@code ""} in the exception becomes {@code sip.gateway}).
   */
  public <R> JsonField<R> map(Function<? super T, ? extends R> parse) {
    if (state != State.PRESENT) {
      return new JsonField<>(path, state, null, problems);
    }
    try {
      return new JsonField<>(path, State.PRESENT, parse.apply(value), problems);
    } catch (InvalidArgumentException e) {
      problems.addAll(path, e);
      return new JsonField<>(path, State.INVALID, null, problems);
    }
  }

  /** Absent and null keep, a value sets (the AgentMessage rule, the default everywhere). */
  public Patch<T> toPatch() {
    return state == State.PRESENT ? Patch.set(value) : Patch.keep();
  }

  /**
   * Absent and null keep; a value matching {@code clears} (for example the empty string) clears;
   * any other value is parsed and set.
   */
  public <R> Patch<R> toPatch(Predicate<? super T> clears, Function<? super T, ? extends R> parse) {
    if (state == State.PRESENT && clears.test(value)) {
      return Patch.clear();
    }
    return this.<R>map(parse).toPatch();
  }
}
