package io.switchboard.bootstrap.cli;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records read one at a time (a file of a million rows is never held whole): commas,
 * double-quoted fields with {@code ""} for a quote and line breaks inside, CRLF or LF, a UTF-8 BOM
 * before the header. Blank lines are skipped.
 */
public final class CsvReader implements AutoCloseable {

  /** Longer than any field of a number's row: a runaway quote stops here, not at the heap's end. */
  static final int MAX_FIELD_LENGTH = 65_536;

  /** One record and the line it starts on, from 1. */
  public record Row(long line, List<String> fields) {
    public Row {
      fields = List.copyOf(fields);
    }
  }

  /** A malformed file, with the line the record in question starts on. */
  public static final class MalformedCsvException extends RuntimeException {
    private final long line;

    MalformedCsvException(long line, String message) {
      super(message, null, false, false);
      this.line = line;
    }

    public long line() {
      return line;
    }
  }

  private final PushbackReader in;
  private long line = 1;
  private boolean started;

  public CsvReader(Reader in) {
    this.in = new PushbackReader(in, 1);
  }

  /** The next non-blank record, or null at the end. */
  public Row next() throws IOException {
    while (true) {
      long start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean inQuotes = false;
      boolean quoted = false;
      boolean any = false;
      while (true) {
        int c = read();
        if (c == -1) {
          if (inQuotes) {
            throw new MalformedCsvException(start, "a quoted field is never closed");
          }
          if (!any) {
            return null;
          }
          fields.add(field.toString());
          return new Row(start, fields);
        }
        any = true;
        if (inQuotes) {
          if (c == '"') {
            int next = read();
            if (next == '"') {
              append(field, '"', start);
            } else {
              inQuotes = false;
              unread(next);
            }
          } else {
            if (c == '\n') {
              line++;
            }
            append(field, (char) c, start);
          }
          continue;
        }
        if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          quoted = false;
        } else if (c == '\r' || c == '\n') {
          if (c == '\r') {
            int next = read();
            if (next != '\n') {
              unread(next);
            }
          }
          line++;
          if (fields.isEmpty() && field.isEmpty() && !quoted) {
            break; // a blank line
          }
          fields.add(field.toString());
          return new Row(start, fields);
        } else if (c == '"') {
          if (!field.isEmpty() || quoted) {
            throw new MalformedCsvException(
                start,
                "a quote inside an unquoted field (quote the whole field, double the quote)");
          }
          inQuotes = true;
          quoted = true;
        } else if (quoted) {
          throw new MalformedCsvException(start, "characters after a closing quote");
        } else {
          append(field, (char) c, start);
        }
      }
    }
  }

  private int read() throws IOException {
    int c = in.read();
    if (!started) {
      started = true;
      if (c == '\uFEFF') {
        c = in.read();
      }
    }
    return c;
  }

  private void unread(int c) throws IOException {
    if (c != -1) {
      in.unread(c);
    }
  }

  private static void append(StringBuilder field, char c, long line) {
    if (field.length() >= MAX_FIELD_LENGTH) {
      throw new MalformedCsvException(
          line, "a field longer than " + MAX_FIELD_LENGTH + " characters");
    }
    field.append(c);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
