package io.switchboard.application.audit;

import io.switchboard.domain.change.ChangeEvent;
import java.io.UncheckedIOException;

/**
 * Writes change events one at a time to an output, through a small buffer: nothing but the current
 * event is held. {@link #close()} flushes what is buffered and leaves the output open.
 */
public sealed interface ChangeWriter extends AutoCloseable
    permits CsvChangeWriter, NdjsonChangeWriter {
  void write(ChangeEvent event) throws UncheckedIOException;

  @Override
  void close() throws UncheckedIOException;
}
