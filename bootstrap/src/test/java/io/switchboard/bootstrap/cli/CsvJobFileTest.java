package io.switchboard.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.proto.v1.AvailableNumber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvJobFileTest {

  @TempDir Path dir;

  @Test
  void the_items_go_out_in_chunks_of_a_thousand_and_the_scan_counts_and_hashes_them()
      throws Exception {
    Path file = numbers(2_500);
    var csv = new CsvJobFile<>(file, ImportNumbersCsv::fromHeader);

    CsvJobFile.Scan scan = csv.scan();
    List<Integer> sizes = new ArrayList<>();
    List<String> firstOfEach = new ArrayList<>();
    csv.chunks(chunk -> {
      sizes.add(chunk.size());
      firstOfEach.add(chunk.getFirst().getNumber());
    });

    assertThat(scan.items()).isEqualTo(2_500);
    assertThat(scan.sha256())
        .hasSize(64)
        .isEqualTo(new CsvJobFile<>(numbers(2_500), ImportNumbersCsv::fromHeader).scan().sha256());
    assertThat(sizes).containsExactly(1_000, 1_000, 500);
    assertThat(firstOfEach).containsExactly(number(0), number(1_000), number(2_000));
    assertThat(csv.lineOf(1_234)).isEqualTo(1_236);
  }

  @Test
  void a_bad_row_anywhere_stops_the_scan_naming_the_file_and_line() throws IOException {
    Path file = numbers(50);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(41, number(40) + ",local,lots,EUR");
    Files.write(file, lines);

    assertThatThrownBy(
            () -> new CsvJobFile<AvailableNumber>(file, ImportNumbersCsv::fromHeader).scan())
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
              assertThat(e.line())
                  .isEqualTo(
                      "switchboard: INVALID_CSV: "
                          + file
                          + " line 42: monthly_fee \"lots\" is not an amount such as 1.50");
            });
  }

  @Test
  void an_empty_file_a_header_alone_a_missing_file_and_bytes_that_are_not_utf8_are_refused()
      throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    Path headerOnly =
        Files.writeString(dir.resolve("header.csv"), "number,type,monthly_fee,currency\n");
    Path latin1 = Files.write(dir.resolve("latin1.csv"), new byte[] {'n', (byte) 0xE9, '\n'});

    assertThatThrownBy(() -> scan(empty)).hasMessageContaining("is empty");
    assertThatThrownBy(() -> scan(headerOnly)).hasMessageContaining("no rows");
    assertThatThrownBy(() -> scan(dir.resolve("absent.csv"))).hasMessageEndingWith("no such file");
    assertThatThrownBy(() -> scan(latin1)).hasMessageEndingWith("is not UTF-8 text");
  }

  private static CsvJobFile.Scan scan(Path file) {
    return new CsvJobFile<>(file, ImportNumbersCsv::fromHeader).scan();
  }

  private Path numbers(int count) throws IOException {
    Path file = Files.createTempFile(dir, "numbers", ".csv");
    List<String> lines = new ArrayList<>();
    lines.add("number,type,monthly_fee,currency");
    for (int i = 0; i < count; i++) {
      lines.add(number(i) + ",local,1.50,EUR");
    }
    Files.write(file, lines);
    return file;
  }

  static String number(int i) {
    return String.format("+1208555%04d", i);
  }
}
