package io.switchboard.application.audit;

import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.change.FieldChange;
import io.switchboard.domain.common.RequestId;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * RFC 4180 CSV: a header line, then one record per event, lines ending in CRLF; a field holding a
 * comma, a double quote, CR or LF is enclosed in double quotes with its quotes doubled. The
 * field-level changes of an event are one field holding them as a JSON array (the same as the
 * NDJSON export's {@code changes}), so values that contain any separator survive intact.
 */
public final class CsvChangeWriter implements ChangeWriter {
  static final List<String> HEADER =
      List.of(
          "revision",
          "occurred_at",
          "organization_id",
          "resource_type",
          "resource_id",
          "number",
          "action",
          "changes",
          "actor_key_id",
          "request_id",
          "source_api");

  private final Writer out;
  private boolean headerWritten;

  CsvChangeWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  @Override
  public void write(ChangeEvent e) {
    writeHeaderOnce();
    record(
        List.of(
            Long.toString(e.revision()),
            ExportFields.occurredAt(e),
            e.organizationId().toString(),
            ExportFields.resourceType(e),
            e.resourceId(),
            e.number().orElse(""),
            ExportFields.action(e),
            changes(e.changes()),
            e.actorKeyId().orElse(""),
            e.requestId().map(RequestId::value).orElse(""),
            e.sourceApi().wireName()));
  }

  /** Writes the header (an empty export still has one) and flushes. */
  @Override
  public void close() {
    writeHeaderOnce();
    try {
      out.flush();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  private void writeHeaderOnce() {
    if (!headerWritten) {
      headerWritten = true;
      record(HEADER);
    }
  }

  private void record(List<String> fields) {
    var line = new StringBuilder(256);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(quoted(fields.get(i)));
    }
    line.append("\r\n");
    try {
      out.write(line.toString());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  static String quoted(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\r') < 0
        && field.indexOf('\n') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  private static String changes(List<FieldChange> changes) {
    var json = new StringBuilder("[");
    for (FieldChange c : changes) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("{\"field\":");
      NdjsonChangeWriter.string(json, c.field());
      json.append(",\"old_value\":");
      optional(json, c.from());
      json.append(",\"new_value\":");
      optional(json, c.to());
      json.append('}');
    }
    return json.append(']').toString();
  }

  private static void optional(StringBuilder json, Optional<String> value) {
    if (value.isPresent()) {
      NdjsonChangeWriter.string(json, value.get());
    } else {
      json.append("null");
    }
  }
}
