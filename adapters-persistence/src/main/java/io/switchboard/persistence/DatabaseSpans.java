package io.switchboard.persistence;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * A client span per SQL statement, as a child of the request's span. The servers put their tracer
 * into the OpenTelemetry context next to the request's span ({@link #TRACER}); a statement run
 * outside a traced request (the change-feed follower, startup) makes no span. That keeps this
 * module free of any global SDK and costs one context lookup per statement when tracing is not in
 * play. The span carries the statement as jOOQ renders it, with {@code ?} for every bind value, so
 * no value (a credential, a number) reaches the trace.
 */
public final class DatabaseSpans implements ExecuteListener {
  /** The tracer for database spans, carried in the context of a traced request. */
  public static final ContextKey<Tracer> TRACER = ContextKey.named("switchboard-database-tracer");

  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> QUERY = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  private static final String SPAN = DatabaseSpans.class.getName();
  private static final int MAX_QUERY_CHARS = 2000;

  @Override
  public void executeStart(ExecuteContext ctx) {
    Span span = start(ctx.sql());
    if (span != null) {
      ctx.data(SPAN, span);
    }
  }

  /**
   * The span of a statement run without jOOQ (fixed SQL on the hot paths), or null outside a traced
   * request; the caller ends it with {@link #end(Span, java.sql.SQLException)}.
   */
  static Span start(String sql) {
    Context current = Context.current();
    Tracer tracer = current.get(TRACER);
    if (tracer == null || !Span.fromContext(current).getSpanContext().isValid()) {
      return null;
    }
    String operation = operation(sql);
    return tracer
        .spanBuilder(operation == null ? "postgresql" : operation + " postgresql")
        .setParent(current)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(SYSTEM, "postgresql")
        .setAttribute(OPERATION, operation)
        .setAttribute(
            QUERY,
            sql == null || sql.length() <= MAX_QUERY_CHARS
                ? sql
                : sql.substring(0, MAX_QUERY_CHARS))
        .startSpan();
  }

  /** Ends a span of {@link #start}, marked failed with the SQLSTATE when {@code failure} is set. */
  static void end(Span span, java.sql.SQLException failure) {
    if (span == null) {
      return;
    }
    if (failure != null) {
      String state = failure.getSQLState();
      span.setStatus(
          StatusCode.ERROR,
          state == null ? failure.getClass().getSimpleName() : "SQLSTATE " + state);
    }
    span.end();
  }

  @Override
  public void exception(ExecuteContext ctx) {
    if (ctx.data(SPAN) instanceof Span span && ctx.exception() != null) {
      // the SQLSTATE says what went wrong without repeating the server's message (which may quote
      // values)
      String state = ctx.sqlException() == null ? null : ctx.sqlException().getSQLState();
      span.setStatus(
          StatusCode.ERROR,
          state == null ? ctx.exception().getClass().getSimpleName() : "SQLSTATE " + state);
    }
  }

  @Override
  public void end(ExecuteContext ctx) {
    if (ctx.data(SPAN) instanceof Span span) {
      ctx.data().remove(SPAN);
      span.end();
    }
  }

  /** The statement's first keyword (SELECT, INSERT, ...), or null. */
  static String operation(String sql) {
    if (sql == null) {
      return null;
    }
    int start = 0;
    while (start < sql.length() && !Character.isLetter(sql.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    return end > start ? sql.substring(start, end).toUpperCase(java.util.Locale.ROOT) : null;
  }
}
