package io.switchboard.application.audit;

import io.switchboard.domain.error.InvalidArgumentException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an export writes change events: CSV (RFC 4180) or newline-delimited JSON. */
public enum ExportFormat {
  CSV("csv", "text/csv; charset=utf-8"),
  NDJSON("ndjson", "application/x-ndjson");

  private final String wireName;
  private final String mediaType;

  ExportFormat(String wireName, String mediaType) {
    this.wireName = wireName;
    this.mediaType = mediaType;
  }

  public String wireName() {
    return wireName;
  }

  /** The Content-Type of the exported file. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * A writer of this format over {@code out}; closing it flushes but does not close {@code out}.
   */
  public ChangeWriter open(OutputStream out) {
    return switch (this) {
      case CSV -> new CsvChangeWriter(out);
      case NDJSON -> new NdjsonChangeWriter(out);
    };
  }

  public static ExportFormat parse(String field, String name) {
    return Arrays.stream(values())
        .filter(f -> f.wireName.equals(name.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() ->
            InvalidArgumentException.of(
                field,
                "must be one of "
                    + Arrays.stream(values())
                        .map(ExportFormat::wireName)
                        .collect(Collectors.joining(", "))));
  }
}
