package io.switchboard.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself, without a server: what is refused before anything is sent. */
class SwitchboardCliTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void an_unknown_option_or_a_missing_command_exits_2_with_one_line() {
    assertThat(run(Map.of(), "keys", "list", "--organization", "o", "--organisation", "x"))
        .isEqualTo(2);
    assertThat(errLines()).hasSize(1);
    assertThat(errLines()[0])
        .startsWith("switchboard: USAGE: Unknown option")
        .contains("'--organisation'");

    err.reset();
    assertThat(run(Map.of(), "jobs")).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            "switchboard: USAGE: which one? list, watch, cancel, failures (see switchboard jobs"
                + " --help)");
  }

  @Test
  void without_a_key_nothing_is_tried() {
    assertThat(run(Map.of(), "webhooks", "list")).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            "switchboard: USAGE: no API key: set SWITCHBOARD_API_KEY or --api-key-file");
  }

  @Test
  void plaintext_is_refused_for_an_address_off_this_machine() {
    assertThat(
            run(
                Map.of(ConnectionOptions.API_KEY, "sb_live_x"),
                "webhooks",
                "list",
                "--plaintext",
                "--address",
                "192.0.2.1:9090"))
        .isEqualTo(2);
    assertThat(errLines()[0]).startsWith("switchboard: USAGE: --plaintext is only for a loopback");
  }

  @Test
  void a_bad_csv_exits_2_naming_the_line_before_any_connection_is_made() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("numbers.csv"),
            "number,type,monthly_fee,currency\n+12084439178,local,1.50,EUR\n+1208,local,1.50,EUR\n");

    // port 1 on loopback: nothing listens, so a connection attempt would fail with 3, not 2
    int status =
        run(
            Map.of(ConnectionOptions.API_KEY, "sb_live_x"),
            "import-numbers",
            file.toString(),
            "--plaintext",
            "--address",
            "127.0.0.1:1");

    assertThat(status).isEqualTo(2);
    assertThat(errLines()).hasSize(1);
    assertThat(errLines()[0])
        .startsWith("switchboard: INVALID_CSV: " + file + " line 3: number \"+1208\"");
  }

  @Test
  void an_unreachable_server_exits_3() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "sb_live_x\n");
    assertThat(
            run(
                Map.of(),
                "keys",
                "list",
                "--organization",
                "o",
                "--api-key-file",
                key.toString(),
                "--plaintext",
                "--address",
                "127.0.0.1:1"))
        .isEqualTo(3);
    assertThat(errLines()).hasSize(1);
    assertThat(errLines()[0]).startsWith("switchboard: UNAVAILABLE: cannot reach 127.0.0.1:1");
  }

  private int run(Map<String, String> environment, String... args) {
    return SwitchboardCli.run(
        args,
        new CliContext(
            environment,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            System::nanoTime,
            duration -> {}));
  }

  private String[] errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toArray(String[]::new);
  }
}
