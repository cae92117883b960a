package io.switchboard.bootstrap;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The log message with any {@code password=…} (a JDBC URL, a connection string in a library's
 * message) masked: the last line of defence behind keeping passwords out of URLs, for messages of
 * libraries we do not control.
 */
public final class RedactingMessageConverter extends MessageConverter {

  private static final Pattern PASSWORD_ASSIGNMENT =
      Pattern.compile("(?i)(password\\s*[=:]\\s*)[^&;,\\s)}\\]]+");

  @Override
  public String convert(ILoggingEvent event) {
    return redact(super.convert(event));
  }

  static String redact(String message) {
    if (message == null || !message.toLowerCase(Locale.ROOT).contains("password")) {
      return message;
    }
    return PASSWORD_ASSIGNMENT.matcher(message).replaceAll("$1***");
  }
}
