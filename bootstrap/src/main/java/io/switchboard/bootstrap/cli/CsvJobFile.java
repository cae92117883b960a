package io.switchboard.bootstrap.cli;

import io.switchboard.bootstrap.cli.CsvReader.MalformedCsvException;
import io.switchboard.bootstrap.cli.CsvReader.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * A job's CSV file, read twice and never held whole: once to check every row and hash the bytes (so
 * a bad row stops the upload before anything is sent, and a rerun of the same file is recognised),
 * once to send it in chunks.
 */
public final class CsvJobFile<T> {

  /** Most items the server takes in one chunk. */
  public static final int CHUNK_SIZE = 1_000;

  private final Path file;
  private final Function<Row, ? extends CsvFormat<T>> format;

  /** What the first reading found. */
  public record Scan(long items, String sha256) {}

  /** Receives the items a chunk at a time. */
  public interface ChunkSink<T> {
    void accept(List<T> chunk) throws InterruptedException;
  }

  public CsvJobFile(Path file, Function<Row, ? extends CsvFormat<T>> format) {
    this.file = file;
    this.format = format;
  }

  public Scan scan() {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long items = 0;
    try (InputStream bytes = new DigestInputStream(open(), sha256);
        CsvReader csv = new CsvReader(utf8(bytes))) {
      CsvFormat<T> rows = header(csv);
      for (Row row = csv.next(); row != null; row = csv.next()) {
        rows.item(row);
        items++;
      }
      if (items == 0) {
        throw CliException.usage(file + " has a header but no rows");
      }
    } catch (MalformedCsvException e) {
      throw CliException.invalidCsv(file.toString(), e.line(), e.getMessage());
    } catch (IOException e) {
      throw unreadable(e);
    }
    return new Scan(items, HexFormat.of().formatHex(sha256.digest()));
  }

  /** Every item, {@link #CHUNK_SIZE} at a time. */
  public void chunks(ChunkSink<T> sink) throws InterruptedException {
    try (CsvReader csv = new CsvReader(utf8(open()))) {
      CsvFormat<T> rows = header(csv);
      List<T> chunk = new ArrayList<>(CHUNK_SIZE);
      for (Row row = csv.next(); row != null; row = csv.next()) {
        chunk.add(rows.item(row));
        if (chunk.size() == CHUNK_SIZE) {
          sink.accept(List.copyOf(chunk));
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        sink.accept(List.copyOf(chunk));
      }
    } catch (MalformedCsvException e) {
      throw CliException.invalidCsv(file.toString(), e.line(), e.getMessage());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The line the item at {@code index} (from 0, over the whole file) starts on. */
  public long lineOf(long index) {
    try (CsvReader csv = new CsvReader(utf8(open()))) {
      csv.next();
      long i = 0;
      for (Row row = csv.next(); row != null; row = csv.next(), i++) {
        if (i == index) {
          return row.line();
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private CsvFormat<T> header(CsvReader csv) throws IOException {
    Row header = csv.next();
    if (header == null) {
      throw CliException.usage(file + " is empty: a header line comes first");
    }
    return format.apply(header);
  }

  private InputStream open() {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw CliException.usage(file + ": no such file");
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private CliException unreadable(IOException e) {
    if (e instanceof CharacterCodingException) {
      return CliException.usage(file + " is not UTF-8 text");
    }
    return CliException.usage("cannot read " + file + ": " + e.getMessage());
  }

  private static Reader utf8(InputStream bytes) {
    return new InputStreamReader(
        bytes,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }
}
