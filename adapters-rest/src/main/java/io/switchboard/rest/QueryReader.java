package io.switchboard.rest;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Typed query parameters with the same {@link JsonField} states as bodies: absent, or present (a
 * query string has no {@code null}); an empty value ({@code ?status=}) counts as absent. Unknown
 * parameters are not refused: browsers and proxies add cache busters.
 */
public final class QueryReader {
  private final Map<String, List<String>> params;
  private final FieldProblems problems;

  public QueryReader(Context ctx, FieldProblems problems) {
    this(ctx.queryParamMap(), problems);
  }

  QueryReader(Map<String, List<String>> params, FieldProblems problems) {
    this.params = params;
    this.problems = problems;
  }

  public FieldProblems problems() {
    return problems;
  }

  public JsonField<String> string(String name) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.isEmpty() || values.stream().allMatch(String::isEmpty)) {
      return JsonField.absent(name, problems);
    }
    if (values.size() > 1) {
      return JsonField.invalid(name, "must be given once", problems);
    }
    return JsonField.present(name, values.get(0), problems);
  }

  /** A decimal integer such as {@code 25}. */
  public JsonField<Long> integer(String name) {
    JsonField<String> text = string(name);
    if (!text.isPresent()) {
      return text.map(s -> 0L);
    }
    String value = text.optional().orElseThrow();
    if (!value.matches("-?[0-9]{1,18}")) {
      return JsonField.invalid(name, "must be an integer", problems);
    }
    return JsonField.present(name, Long.parseLong(value), problems);
  }
}
