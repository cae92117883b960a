package io.switchboard.bootstrap.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything the service logs while it is attached to the root logger, kept in memory: the suites
 * scan it for ERROR lines (an unexpected failure) and for secrets. Optionally turns io.switchboard
 * and org.jooq (SQL with bind values) up to DEBUG, so that the scan covers what an operator chasing
 * a problem would switch on.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<ILoggingEvent> events = new ArrayList<>();

  /** Ours, and jOOQ's, which logs every statement with its bind values at DEBUG. */
  private static final List<String> DEBUG_LOGGERS = List.of("io.switchboard", "org.jooq");

  private final Logger root;
  private final java.util.Map<Logger, Level> previousLevels = new java.util.HashMap<>();
  private final List<Logger> debugLoggers = new ArrayList<>();

  private LogCapture(boolean debug) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (debug) {
      for (String name : DEBUG_LOGGERS) {
        Logger logger = context.getLogger(name);
        previousLevels.put(logger, logger.getLevel());
        logger.setLevel(Level.DEBUG);
        // into the capture only: a thousand DEBUG lines on the console would drown the build output
        logger.setAdditive(false);
        debugLoggers.add(logger);
      }
    }
    setContext(context);
    setName("security-suite-capture");
    start();
    root.addAppender(this);
    debugLoggers.forEach(l -> l.addAppender(this));
  }

  static LogCapture attach() {
    return new LogCapture(false);
  }

  static LogCapture attachWithDebug() {
    return new LogCapture(true);
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    events.add(event);
  }

  synchronized List<ILoggingEvent> events() {
    return List.copyOf(events);
  }

  /** ERROR events, each as "logger - message". */
  synchronized List<String> errors() {
    return events.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(e -> e.getLoggerName() + " - " + e.getFormattedMessage())
        .toList();
  }

  /**
   * Every event as the text an appender could write: message, arguments, MDC, exceptions with their
   * causes.
   */
  synchronized List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : events) {
      StringBuilder line =
          new StringBuilder()
              .append(e.getLevel())
              .append(' ')
              .append(e.getLoggerName())
              .append(' ')
              .append(e.getMDCPropertyMap())
              .append(" - ")
              .append(e.getFormattedMessage());
      if (e.getArgumentArray() != null) {
        for (Object argument : e.getArgumentArray()) {
          line.append(" | ").append(argument);
        }
      }
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          line.append(' ').append(frame.getSTEAsString());
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  synchronized int size() {
    return events.size();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    debugLoggers.forEach(l -> {
      l.detachAppender(this);
      l.setAdditive(true);
    });
    previousLevels.forEach(Logger::setLevel);
    stop();
  }
}
