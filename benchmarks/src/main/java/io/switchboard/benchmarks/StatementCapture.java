package io.switchboard.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records what the PostgreSQL driver sends, from its own protocol log (pgjdbc logs every Parse,
 * Bind and Sync at FINEST through java.util.logging), grouped per thread into round trips: the
 * statements between two Syncs travel together and cost one round trip. The connections must run
 * with {@code prepareThreshold=0}, so that every execution carries its Parse (with named statements
 * only the first would, and their names are per connection).
 */
final class StatementCapture implements AutoCloseable {

  /**
   * One statement as executed: its SQL with {@code $n} placeholders and the bound values as SQL
   * literals.
   */
  record Statement(String sql, List<String> literals) {}

  /** The statements one Sync closed: one round trip. */
  record RoundTrip(List<Statement> statements) {}

  private static final Pattern PARSE =
      Pattern.compile("(?s)^ FE=> Parse\\(stmt=[^,]*,query=\"(.*)\",oids=\\{[^}]*}\\)$");
  private static final Pattern BIND_PARAM =
      Pattern.compile(",\\$(\\d+)=<(.*?)>,type=[A-Za-z0-9_ ]+(?=,\\$\\d+=<|\\)$)", Pattern.DOTALL);

  private final Logger logger = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
  private final Level levelBefore = logger.getLevel();
  private final boolean parentsBefore = logger.getUseParentHandlers();
  private final Map<Long, ThreadLog> threads = new HashMap<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          String message =
              record.getParameters() == null
                  ? record.getMessage()
                  : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
          synchronized (threads) {
            threads.computeIfAbsent(record.getLongThreadID(), t -> new ThreadLog()).accept(message);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private StatementCapture() {
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.FINEST);
  }

  static StatementCapture start() {
    return new StatementCapture();
  }

  /**
   * The round trips of every thread that sent a statement whose SQL contains {@code marker}, in any
   * case and with identifiers quoted or not (jOOQ's DSL quotes them, SQL written by hand may not).
   */
  List<RoundTrip> roundTripsOfThreadsSending(String marker) {
    String wanted = marker.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
    synchronized (threads) {
      List<RoundTrip> all = new ArrayList<>();
      for (ThreadLog log : threads.values()) {
        boolean relevant =
            log.trips.stream()
                .flatMap(t -> t.statements().stream())
                .anyMatch(s ->
                    s.sql().replace("\"", "").toLowerCase(java.util.Locale.ROOT).contains(wanted));
        if (relevant) {
          all.addAll(log.trips);
        }
      }
      return all;
    }
  }

  @Override
  public void close() {
    logger.setLevel(levelBefore);
    logger.removeHandler(handler);
    logger.setUseParentHandlers(parentsBefore);
  }

  private static final class ThreadLog {
    final List<RoundTrip> trips = new ArrayList<>();
    List<Statement> open = new ArrayList<>();
    String parsed;

    void accept(String message) {
      if (message.startsWith(" FE=> Parse(")) {
        Matcher m = PARSE.matcher(message);
        parsed = m.matches() ? m.group(1) : null;
      } else if (message.startsWith(" FE=> Bind(") && parsed != null) {
        List<String> literals = new ArrayList<>();
        Matcher m = BIND_PARAM.matcher(message);
        while (m.find()) {
          literals.add(m.group(2));
        }
        if (!parsed.isBlank()) {
          open.add(new Statement(parsed, literals));
        }
        parsed = null;
      } else if (message.startsWith(" FE=> Sync")) {
        if (!open.isEmpty()) {
          trips.add(new RoundTrip(open));
          open = new ArrayList<>();
        }
      }
    }
  }
}
