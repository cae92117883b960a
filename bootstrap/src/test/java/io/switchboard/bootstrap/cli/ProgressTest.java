package io.switchboard.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bootstrap.cli.Progress.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final long MILLI = 1_000_000L;

  private final AtomicLong now = new AtomicLong();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void the_bar_shows_the_share_done_the_counts_the_rate_and_the_time_left() {
    assertThat(Progress.bar(new Snapshot("RUNNING", 4_500, 3, 10_000), 1_234.4))
        .isEqualTo(
            "[=============>                ]  45%  4,500/10,000  failed 3  1,234/s  ETA 0:05");
    assertThat(Progress.bar(new Snapshot("PENDING", 0, 0, 10_000), Double.NaN))
        .isEqualTo("[                              ]   0%  0/10,000  -/s  ETA -  pending");
    assertThat(Progress.bar(new Snapshot("SUCCEEDED", 10_000, 0, 10_000), 2_000))
        .isEqualTo(
            "[==============================] 100%  10,000/10,000  2,000/s  done  succeeded");
  }

  @Test
  void plain_lines_carry_the_same_facts_as_key_value_pairs() {
    assertThat(Progress.plain(new Snapshot("RUNNING", 4_500, 3, 10_000), 1_234.4))
        .isEqualTo("state=RUNNING processed=4500 failed=3 total=10000 rate=1234/s eta=5s");
    assertThat(Progress.plain(new Snapshot("PENDING", 0, 0, 10), Double.NaN))
        .isEqualTo("state=PENDING processed=0 failed=0 total=10 rate=- eta=-");
  }

  @Test
  void the_rate_is_measured_over_the_last_ten_seconds_only() {
    Progress progress = new Progress(out, Progress.Style.PLAIN, now::get);
    progress.update(new Snapshot("RUNNING", 0, 0, 100_000));
    now.set(20_000 * MILLI);
    progress.update(new Snapshot("RUNNING", 1_000, 0, 100_000)); // slow start: 50/s
    now.set(25_000 * MILLI);
    progress.update(new Snapshot("RUNNING", 11_000, 0, 100_000));
    now.set(30_000 * MILLI);
    progress.update(new Snapshot("RUNNING", 21_000, 0, 100_000));

    // the first sample fell out of the window: 20,000 items in the last 10 s
    assertThat(progress.rate()).isEqualTo(2_000.0);
  }

  @Test
  void plain_lines_come_at_most_once_a_second_and_the_last_one_always() {
    Progress progress = new Progress(out, Progress.Style.PLAIN, now::get);
    for (int i = 0; i <= 25; i++) {
      now.set(i * 100 * MILLI);
      progress.update(new Snapshot("RUNNING", i * 10L, 0, 1_000));
    }
    now.set(2_550 * MILLI);
    progress.finish(new Snapshot("SUCCEEDED", 1_000, 0, 1_000));

    assertThat(output().lines())
        .containsExactly(
            "state=RUNNING processed=0 failed=0 total=1000 rate=- eta=-",
            "state=RUNNING processed=100 failed=0 total=1000 rate=100/s eta=9s",
            "state=RUNNING processed=200 failed=0 total=1000 rate=100/s eta=8s",
            "state=SUCCEEDED processed=1000 failed=0 total=1000 rate=392/s eta=0s");
  }

  @Test
  void the_bar_is_redrawn_in_place_at_most_ten_times_a_second_and_ends_its_line() {
    Progress progress = new Progress(out, Progress.Style.BAR, now::get);
    for (int i = 0; i < 10; i++) {
      now.set(i * 50 * MILLI);
      progress.update(new Snapshot("RUNNING", i * 100L, 0, 1_000));
    }
    now.set(500 * MILLI);
    progress.finish(new Snapshot("SUCCEEDED", 1_000, 0, 1_000));

    String drawn = output();
    assertThat(drawn).doesNotContain("\n\r").endsWith("\n");
    assertThat(drawn.chars().filter(c -> c == '\r').count()).isEqualTo(6); // 0,100,…,400 ms, end
    assertThat(drawn.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    assertThat(drawn.substring(drawn.lastIndexOf('\r') + 1))
        .startsWith("[==============================] 100%  1,000/1,000");
  }

  @Test
  void long_runs_show_hours_in_the_eta() {
    assertThat(Progress.clock(4)).isEqualTo("0:04");
    assertThat(Progress.clock(750)).isEqualTo("12:30");
    assertThat(Progress.clock(3_723)).isEqualTo("1:02:03");
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
