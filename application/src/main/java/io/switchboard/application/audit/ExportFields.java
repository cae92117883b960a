package io.switchboard.application.audit;

import io.switchboard.domain.change.ChangeEvent;
import java.util.Locale;

/** The values of an event as both export formats write them: lower-case wire names, ISO times. */
final class ExportFields {
  private ExportFields() {}

  static String resourceType(ChangeEvent e) {
    return e.resourceType().name().toLowerCase(Locale.ROOT);
  }

  static String action(ChangeEvent e) {
    return e.action().name().toLowerCase(Locale.ROOT);
  }

  static String occurredAt(ChangeEvent e) {
    return e.occurredAt().toString();
  }
}
