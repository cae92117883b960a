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
import java.util.Optional;

/**
 * One JSON object per event and line ({@code \n}), the fields named as in the REST audit list:
 * revision, occurred_at, organization_id, resource_type, resource_id, number, action, changes
 * (field, old_value, new_value), actor_key_id, request_id, source_api. Absent values are null.
 */
public final class NdjsonChangeWriter implements ChangeWriter {
  private final Writer out;

  NdjsonChangeWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  @Override
  public void write(ChangeEvent e) {
    var line = new StringBuilder(256);
    line.append("{\"revision\":").append(e.revision());
    field(line, "occurred_at", Optional.of(ExportFields.occurredAt(e)));
    field(line, "organization_id", Optional.of(e.organizationId().toString()));
    field(line, "resource_type", Optional.of(ExportFields.resourceType(e)));
    field(line, "resource_id", Optional.of(e.resourceId()));
    field(line, "number", e.number());
    field(line, "action", Optional.of(ExportFields.action(e)));
    line.append(",\"changes\":[");
    boolean first = true;
    for (FieldChange c : e.changes()) {
      line.append(first ? "{" : ",{");
      first = false;
      line.append("\"field\":");
      string(line, c.field());
      field(line, "old_value", c.from());
      field(line, "new_value", c.to());
      line.append('}');
    }
    line.append(']');
    field(line, "actor_key_id", e.actorKeyId());
    field(line, "request_id", e.requestId().map(RequestId::value));
    field(line, "source_api", Optional.of(e.sourceApi().wireName()));
    line.append("}\n");
    try {
      out.write(line.toString());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  @Override
  public void close() {
    try {
      out.flush();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  private static void field(StringBuilder line, String name, Optional<String> value) {
    line.append(",\"").append(name).append("\":");
    if (value.isPresent()) {
      string(line, value.get());
    } else {
      line.append("null");
    }
  }

  /** A JSON string (RFC 8259): quote, backslash and control characters escaped. */
  static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
