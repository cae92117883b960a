package io.switchboard.benchmarks;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the statements one captured UpdatePhoneNumber sent into a pgbench script that sends the
 * same statements, in the same round trips (statements that shared a Sync go in one {@code
 * \startpipeline} … {@code \endpipeline}), for a random number of the working set per transaction:
 * the database's own limit for our design (row 3b).
 *
 * <p>The bound values are replayed as literals, except those that must differ per transaction for
 * the statements to do the same work: the number's id and E.164 (looked up by {@code :n} in {@code
 * bench_replay_rows}, in the statement, no extra round trip), the request id (a fresh random {@code
 * :rid} per transaction, so every idempotency record is a new key, whether bound or inline), and
 * the version the update checks and sets (the row's current version and the next; the captured row
 * was given a version no other bound value has, so a literal is a version only by its value).
 */
final class ReplayScript {

  static final String ROWS_TABLE = "bench_replay_rows";

  /** What the captured call's values were, so they can be told apart from the constant ones. */
  record Known(String id, String number, String requestId, long versionBefore) {}

  private static final Pattern LITERAL = Pattern.compile("(?s)^'(.*)'(::[a-z0-9_ ]+(?:\\[])?)?$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

  private ReplayScript() {}

  static String sql(List<StatementCapture.RoundTrip> trips, Known known) {
    // a fresh request id per transaction, the same in every statement of it (the change event and
    // the idempotency record of one request)
    StringBuilder script =
        new StringBuilder(
            "\\set n random(0, "
                + (BenchmarkMain.WORKING_SET - 1)
                + ")\n"
                + "\\set rid random(1, 9000000000000000000)\n");
    boolean begun = false;
    for (StatementCapture.RoundTrip trip : trips) {
      boolean commits =
          trips.stream()
              .skip(trips.indexOf(trip))
              .flatMap(t -> t.statements().stream())
              .anyMatch(st -> st.sql().strip().equalsIgnoreCase("COMMIT"));
      if (!begun && commits) {
        // pgjdbc sends BEGIN in the round trip of a transaction's first statement and does not log
        // it
        List<StatementCapture.Statement> withBegin = new java.util.ArrayList<>();
        withBegin.add(new StatementCapture.Statement("BEGIN", List.of()));
        withBegin.addAll(trip.statements());
        trip = new StatementCapture.RoundTrip(withBegin);
        begun = true;
      }
      boolean pipeline = trip.statements().size() > 1;
      if (pipeline) {
        script.append("\\startpipeline\n");
      }
      for (StatementCapture.Statement statement : trip.statements()) {
        script.append(substitute(statement, known).strip()).append(";\n");
      }
      if (pipeline) {
        script.append("\\endpipeline\n");
      }
    }
    return script.toString();
  }

  private static String substitute(StatementCapture.Statement statement, Known known) {
    Matcher m = PLACEHOLDER.matcher(statement.sql());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int index = Integer.parseInt(m.group(1)) - 1;
      String value =
          index < statement.literals().size() ? statement.literals().get(index) : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(" " + expression(value, known) + " "));
    }
    m.appendTail(out);
    // a statement sent with its values inline (the idempotency record, sent with the COMMIT) names
    // the request id as a quoted literal
    String inline = out.toString().replace("'" + known.requestId() + "'", "CAST(:rid AS text)");
    out = new StringBuilder(inline);
    // one line per statement: a pgbench command ends at a semicolon, and the captured SQL has none
    // inside
    return out.toString().replace('\n', ' ');
  }

  private static String expression(String literal, Known known) {
    String idRow = "(SELECT id FROM " + ROWS_TABLE + " WHERE n = :n)";
    String versionNow = "(SELECT version FROM phone_numbers WHERE id = " + idRow + ")";
    // pgjdbc prints a bound value as a literal in parentheses: ('…'::uuid)
    String bare = literal.strip();
    if (bare.startsWith("(") && bare.endsWith(")")) {
      bare = bare.substring(1, bare.length() - 1).strip();
    }
    Matcher m = LITERAL.matcher(bare);
    String content = m.matches() ? m.group(1) : bare;
    String cast = m.matches() && m.group(2) != null ? m.group(2).substring(2) : null;
    if (content.equals(Long.toString(known.versionBefore()))) {
      return cast(versionNow, cast);
    }
    if (content.equals(Long.toString(known.versionBefore() + 1))) {
      return cast("(" + versionNow + " + 1)", cast);
    }
    if (!m.matches()) {
      return literal;
    }
    // pgbench reads ":name" anywhere in a command as a variable, inside string literals too (a JSON
    // ":true")
    String escaped = content.replaceAll(":(?=[A-Za-z_])", ":' || '");
    String text = escaped.equals(content) ? "'" + content + "'" : "('" + escaped + "')";
    boolean changed = !escaped.equals(content);
    if (content.contains(known.id())) {
      text =
          "replace("
              + text
              + ", '"
              + known.id()
              + "', (SELECT id::text FROM "
              + ROWS_TABLE
              + " WHERE n = :n))";
      changed = true;
    }
    if (content.contains(known.number())) {
      text =
          "replace("
              + text
              + ", '"
              + known.number()
              + "', (SELECT number FROM "
              + ROWS_TABLE
              + " WHERE n = :n))";
      changed = true;
    }
    if (content.contains(known.requestId())) {
      text = "replace(" + text + ", '" + known.requestId() + "', CAST(:rid AS text))";
      changed = true;
    }
    return changed ? cast(text, cast == null ? "text" : cast) : literal;
  }

  private static String cast(String expression, String type) {
    return type == null ? expression : "CAST(" + expression + " AS " + type + ")";
  }
}
