package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.switchboard.bootstrap.cli.CliProcess;
import io.switchboard.bootstrap.cli.CliProcess.Outcome;
import io.switchboard.bootstrap.cli.ConnectionOptions;
import io.switchboard.bootstrap.cli.Tmux;
import io.switchboard.bootstrap.hardening.TestCertificates;
import io.switchboard.persistence.testing.TestDatabase;
import io.switchboard.proto.v1.AdminServiceGrpc;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.CreateOrganizationRequest;
import io.switchboard.proto.v1.CreateWebhookEndpointRequest;
import io.switchboard.proto.v1.ImportNumbersRequest;
import io.switchboard.proto.v1.InventoryServiceGrpc;
import io.switchboard.proto.v1.ListWebhookDeliveriesRequest;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.WebhookDelivery;
import io.switchboard.proto.v1.WebhookEndpoint;
import io.switchboard.proto.v1.WebhookServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20.3: the operator CLI run as a real process against a real Switchboard on loopback, its
 * output read through pipes as a script would.
 */
class OperatorCliIT {

  @TempDir static Path work;

  static TestDatabase database;
  static Switchboard switchboard;
  static ManagedChannel channel;
  static String bootstrapKey;
  static CliProcess cli;

  @BeforeAll
  static void start() throws Exception {
    bootstrapKey = newApiKey();
    database = TestDatabase.createFresh(OperatorCliIT.class);
    Map<String, String> settings =
        new HashMap<>(
            FreshService.settings(database, Files.createTempDirectory(work, "data"), bootstrapKey));
    // a webhook endpoint on loopback, whose deliveries fail fast and stay to be replayed
    settings.put(Config.OUTBOUND_ALLOW_PRIVATE_TARGETS, "true");
    settings.put(Config.WEBHOOK_TIMEOUT_MILLIS, "500");
    settings.put(Config.WEBHOOK_POLL_MILLIS, "100");
    settings.put(Config.RATE_LIMIT_PER_SECOND, "0");
    // small slices, so a job of a few thousand items runs long enough to be watched
    settings.put(Config.JOB_SLICE, "25");
    settings.put(Config.JOB_POLL_MILLIS, "50");
    switchboard =
        Switchboard.start(Config.fromEnvironment(TestEnvironment.withTestDefaults(settings)));
    channel = channel(bootstrapKey);
    cli =
        new CliProcess(
            work,
            Map.of(
                ConnectionOptions.ADDRESS,
                "127.0.0.1:" + switchboard.grpcPort(),
                ConnectionOptions.API_KEY,
                bootstrapKey));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (switchboard != null) {
      switchboard.shutdown();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void keys_are_created_with_the_secret_alone_on_stdout_listed_without_it_and_revoked()
      throws Exception {
    String organization =
        AdminServiceGrpc.newBlockingStub(channel)
            .createOrganization(CreateOrganizationRequest.newBuilder().setName("cli-keys").build())
            .getId();

    Outcome created =
        cli.run(
            "keys",
            "create",
            "--plaintext",
            "--organization",
            organization,
            "--name",
            "night-ops",
            "--scope",
            "numbers:read,numbers:write");

    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.outLines()).hasSize(1);
    String secret = created.outLines().getFirst();
    assertThat(secret).startsWith("sb_live_");
    assertThat(created.stderr())
        .contains("named night-ops with scopes numbers:read,numbers:write")
        .doesNotContain(secret);

    Outcome listed = cli.run("keys", "list", "--plaintext", "--organization", organization);
    assertThat(listed.exitCode()).as(listed.stderr()).isZero();
    assertThat(listed.outLines()).hasSize(2);
    assertThat(listed.outLines().getFirst()).startsWith("ID").contains("REVOKED");
    String row = listed.outLines().get(1);
    String keyId = row.split("\\s+")[0];
    assertThat(row).contains("night-ops", "numbers:read,numbers:write").doesNotContain(secret);

    // the new key works as any client's: from a file, as the CLI reads it
    Path keyFile = Files.writeString(work.resolve("night-ops.key"), secret + "\n");
    Outcome withNewKey =
        cli.run(
            Map.of(ConnectionOptions.API_KEY, ""),
            "webhooks",
            "list",
            "--plaintext",
            "--api-key-file",
            keyFile.toString());
    assertThat(withNewKey.exitCode()).as(withNewKey.stderr()).isZero();

    Outcome revoked =
        cli.run("keys", "revoke", "--plaintext", "--organization", organization, keyId);
    assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
    assertThat(revoked.stdout()).startsWith("revoked API key " + keyId);
    Outcome afterwards = cli.run("keys", "list", "--plaintext", "--organization", organization);
    assertThat(afterwards.outLines().get(1).split("\\s+")).hasSize(6).doesNotContain("-");
  }

  @Test
  void a_bad_key_exits_4_with_one_line_and_no_stack_trace() throws Exception {
    Outcome refused =
        cli.run(Map.of(ConnectionOptions.API_KEY, newApiKey()), "webhooks", "list", "--plaintext");

    assertThat(refused.exitCode()).isEqualTo(4);
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.errLines()).hasSize(1);
    assertThat(refused.errLines().getFirst()).startsWith("switchboard: INVALID_CREDENTIALS: ");
  }

  @Test
  void an_unknown_key_exits_5_with_the_servers_reason() throws Exception {
    String organization =
        AdminServiceGrpc.newBlockingStub(channel)
            .createOrganization(CreateOrganizationRequest.newBuilder().setName("cli-none").build())
            .getId();

    Outcome missing =
        cli.run(
            "keys",
            "revoke",
            "--plaintext",
            "--organization",
            organization,
            UUID.randomUUID().toString());

    assertThat(missing.exitCode()).isEqualTo(5);
    assertThat(missing.errLines())
        .singleElement()
        .asString()
        .startsWith("switchboard: API_KEY_NOT_FOUND: ");
  }

  @Test
  void webhook_endpoints_are_listed_and_a_delivery_replayed() throws Exception {
    var webhooks = WebhookServiceGrpc.newBlockingStub(channel);
    WebhookEndpoint endpoint =
        webhooks
            .createWebhookEndpoint(
                CreateWebhookEndpointRequest.newBuilder()
                    .setWebhookEndpoint(
                        WebhookEndpoint.newBuilder()
                            .setUrl("https://127.0.0.1:1/hooks/switchboard")
                            .addEventTypes("number.purchased")
                            .setDescription("closed port: every attempt fails")
                            .setEnabled(true))
                    .build())
            .getWebhookEndpoint();
    InventoryServiceGrpc.newBlockingStub(channel)
        .importNumbers(
            ImportNumbersRequest.newBuilder()
                .addNumbers(
                    AvailableNumber.newBuilder()
                        .setNumber("+12085550142")
                        .setType(NumberType.NUMBER_TYPE_LOCAL)
                        .setMonthlyFee(Money.newBuilder().setAmount("1.00").setCurrency("USD")))
                .build());
    io.switchboard.proto.v1.PhoneNumberServiceGrpc.newBlockingStub(channel)
        .purchasePhoneNumber(
            PurchasePhoneNumberRequest.newBuilder().setNumber("+12085550142").build());
    WebhookDelivery delivery =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    webhooks
                        .listWebhookDeliveries(
                            ListWebhookDeliveriesRequest.newBuilder()
                                .setEndpointId(endpoint.getId())
                                .build())
                        .getDeliveriesList(),
                deliveries -> !deliveries.isEmpty())
            .getFirst();

    Outcome listed = cli.run("webhooks", "list", "--plaintext");
    assertThat(listed.exitCode()).as(listed.stderr()).isZero();
    assertThat(listed.outLines())
        .anySatisfy(line ->
            assertThat(line)
                .startsWith(endpoint.getId())
                .contains("number.purchased", "https://127.0.0.1:1/hooks/switchboard"));

    Outcome deliveries = cli.run("webhooks", "deliveries", endpoint.getId(), "--plaintext");
    assertThat(deliveries.exitCode()).as(deliveries.stderr()).isZero();
    assertThat(deliveries.outLines())
        .anySatisfy(
            line -> assertThat(line).startsWith(delivery.getId()).contains("number.purchased"));

    Outcome replayed =
        cli.run("webhooks", "replay", endpoint.getId(), delivery.getId(), "--plaintext");
    assertThat(replayed.exitCode()).as(replayed.stderr()).isZero();
    assertThat(replayed.stdout())
        .startsWith("replaying delivery " + delivery.getId() + " (number.purchased of ")
        .contains("to endpoint " + endpoint.getId());

    Outcome unknown =
        cli.run("webhooks", "replay", endpoint.getId(), "no-such-delivery", "--plaintext");
    assertThat(unknown.exitCode()).isEqualTo(5);
    assertThat(unknown.errLines())
        .singleElement()
        .asString()
        .startsWith("switchboard: WEBHOOK_DELIVERY_NOT_FOUND: ");
  }

  @Test
  void a_bad_csv_exits_2_naming_its_line_and_sends_nothing() throws Exception {
    Path file =
        Files.write(
            work.resolve("bad-numbers.csv"),
            List.of(
                "number,type,monthly_fee,currency,location",
                "+12085550100,local,1.00,USD,Boise",
                "+12085550101,local,one dollar,USD,Boise"));

    Outcome refused = cli.run("import-numbers", file.toString(), "--plaintext");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.errLines())
        .containsExactly(
            "switchboard: INVALID_CSV: "
                + file
                + " line 3: monthly_fee \"one dollar\" is not an amount such as 1.50");
  }

  @Test
  void over_tls_the_server_is_trusted_through_the_ca_file_and_not_without_it() throws Exception {
    TestCertificates.Authority ca = TestCertificates.Authority.create("cli-test-ca");
    Path cert = work.resolve("server.pem");
    Path key = work.resolve("server.key");
    ca.issue("switchboard").writeTo(cert, key);
    Path caFile = ca.writeCertificate(work.resolve("ca.pem"));
    Map<String, String> settings =
        new HashMap<>(
            FreshService.settings(database, Files.createTempDirectory(work, "tls"), bootstrapKey));
    settings.put(Config.TLS_CERT_FILE, cert.toString());
    settings.put(Config.TLS_KEY_FILE, key.toString());
    Switchboard tls =
        Switchboard.start(Config.fromEnvironment(TestEnvironment.withTestDefaults(settings)));
    try {
      Map<String, String> address =
          Map.of(ConnectionOptions.ADDRESS, "localhost:" + tls.grpcPort());

      Outcome trusted =
          cli.run(
              Map.of(
                  ConnectionOptions.ADDRESS,
                  "localhost:" + tls.grpcPort(),
                  ConnectionOptions.CA_FILE,
                  caFile.toString()),
              "webhooks",
              "list");
      Outcome untrusted = cli.run(address, "webhooks", "list");
      Outcome plaintext = cli.run(address, "webhooks", "list", "--plaintext");

      assertThat(trusted.exitCode()).as(trusted.stderr()).isZero();
      assertThat(trusted.outLines().getFirst()).startsWith("ID");
      assertThat(untrusted.exitCode()).isEqualTo(3);
      assertThat(untrusted.errLines())
          .singleElement()
          .asString()
          .startsWith("switchboard: UNAVAILABLE: cannot reach localhost:" + tls.grpcPort());
      assertThat(plaintext.exitCode()).isEqualTo(3);
    } finally {
      tls.shutdown();
    }
  }

  @Test
  void import_numbers_through_pipes_prints_plain_progress_and_a_summary_and_stocks_every_number()
      throws Exception {
    Path file = numbersFile("pipes.csv", "+1208443", 3_000);

    Outcome imported =
        cli.run("import-numbers", file.toString(), "--plaintext", "--poll-millis", "100");

    assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    assertThat(imported.stderr()).isEmpty();
    List<String> lines = imported.outLines();
    assertThat(lines.getFirst())
        .startsWith("import: 3000 items in " + file + ", request_id cli-import-");
    assertThat(lines)
        .filteredOn(line -> line.startsWith("state="))
        .isNotEmpty()
        .allSatisfy(line ->
            assertThat(line)
                .matches(
                    "state=[A-Z]+ processed=\\d+ failed=0 total=3000 rate=(-|\\d+/s)"
                        + " eta=(-|\\d+s)"))
        .last()
        .asString()
        .startsWith("state=SUCCEEDED processed=3000 failed=0 total=3000");
    assertThat(lines).noneMatch(line -> line.contains("\r"));
    String summary = lines.getLast();
    assertThat(summary)
        .matches(
            "operations/\\S+: import succeeded: 3000 items, 3000 imported, 0 unchanged, 0 failed"
                + " in \\d+\\.\\d s");
    assertThat(inStock("+1208443%")).isEqualTo(3_000);

    // the same file again: the request id from its content names the same job, nothing new
    Outcome again = cli.run("import-numbers", file.toString(), "--plaintext", "--no-wait");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    String name = summary.substring(0, summary.indexOf(':'));
    assertThat(again.outLines().getLast()).isEqualTo(name);
    Outcome listed = cli.run("jobs", "list", "--plaintext", "--kind", "import");
    assertThat(listed.exitCode()).as(listed.stderr()).isZero();
    assertThat(listed.outLines())
        .filteredOn(line -> line.startsWith(name))
        .singleElement()
        .asString()
        .contains("import", "SUCCEEDED", "3000");

    // cancelling a done job leaves it as it was
    Outcome cancelled = cli.run("jobs", "cancel", name, "--plaintext");
    assertThat(cancelled.exitCode()).as(cancelled.stderr()).isZero();
    assertThat(cancelled.stdout())
        .isEqualTo(name + ": cancel requested; succeeded with 3000 of 3000 items processed\n");
  }

  @Test
  void import_numbers_on_a_terminal_redraws_one_progress_bar_and_ends_with_the_summary()
      throws Exception {
    Path file = numbersFile("terminal.csv", "+1208444", 2_000);
    Path keyFile = Files.writeString(work.resolve("terminal.key"), bootstrapKey);

    try (Tmux terminal = new Tmux(work)) {
      terminal.start(
          CliProcess.command(
              "import-numbers",
              file.toString(),
              "--plaintext",
              "--api-key-file",
              keyFile.toString(),
              "--poll-millis",
              "50"),
          Map.of(ConnectionOptions.ADDRESS, "127.0.0.1:" + switchboard.grpcPort()));
      Tmux.Ended ended = terminal.awaitEnd(Duration.ofMinutes(3));

      assertThat(ended.exitCode()).as(ended.screen()).isZero();
      List<String> bars = ended.lines().stream().filter(line -> line.startsWith("[")).toList();
      // redrawn in place: one line on the screen however many times it was drawn
      assertThat(bars).as(ended.screen()).hasSize(1);
      assertThat(bars.getFirst())
          .matches("\\[={30}] 100%  2,000/2,000  [\\d,]+/s  done  succeeded\\s*");
      assertThat(ended.lines()).noneMatch(line -> line.startsWith("state="));
      assertThat(ended.lines().getLast())
          .contains(": import succeeded: 2000 items, 2000 imported, 0 unchanged, 0 failed");
    }
    assertThat(inStock("+1208444%")).isEqualTo(2_000);
  }

  @Test
  void jobs_watch_on_a_terminal_follows_a_job_started_without_waiting() throws Exception {
    Path file = numbersFile("watched.csv", "+1208445", 1_500);
    Outcome started = cli.run("import-numbers", file.toString(), "--plaintext", "--no-wait");
    assertThat(started.exitCode()).as(started.stderr()).isZero();
    String name = started.outLines().getLast();
    assertThat(name).startsWith("operations/");
    Path keyFile = Files.writeString(work.resolve("watch.key"), bootstrapKey);

    try (Tmux terminal = new Tmux(work)) {
      terminal.start(
          CliProcess.command(
              "jobs", "watch", name, "--plaintext", "--api-key-file", keyFile.toString()),
          Map.of(ConnectionOptions.ADDRESS, "127.0.0.1:" + switchboard.grpcPort()));
      Tmux.Ended ended = terminal.awaitEnd(Duration.ofMinutes(3));

      assertThat(ended.exitCode()).as(ended.screen()).isZero();
      assertThat(ended.lines())
          .as(ended.screen())
          .anySatisfy(
              line -> assertThat(line).startsWith("[").contains("100%", "1,500/1,500", "done"))
          .last()
          .asString()
          .startsWith(name + ": import succeeded: 1500 items, 1500 imported");
    }
  }

  @Test
  void update_numbers_applies_the_headers_as_the_mask_and_points_to_the_items_that_failed()
      throws Exception {
    InventoryServiceGrpc.newBlockingStub(channel)
        .importNumbers(
            ImportNumbersRequest.newBuilder()
                .addNumbers(
                    AvailableNumber.newBuilder()
                        .setNumber("+12084460001")
                        .setType(NumberType.NUMBER_TYPE_LOCAL)
                        .setMonthlyFee(Money.newBuilder().setAmount("1.00").setCurrency("USD")))
                .build());
    var numbers = io.switchboard.proto.v1.PhoneNumberServiceGrpc.newBlockingStub(channel);
    numbers.purchasePhoneNumber(
        PurchasePhoneNumberRequest.newBuilder().setNumber("+12084460001").build());
    Path file =
        Files.write(
            work.resolve("changes.csv"),
            List.of(
                "number,routing.label,channel_settings.voice.enabled",
                "+12084460001,night desk,false",
                "+12084460002,nobody's,true"));

    Outcome updated = cli.run("update-numbers", file.toString(), "--plaintext");

    assertThat(updated.exitCode()).as(updated.stdout() + updated.stderr()).isEqualTo(7);
    String name = updated.outLines().get(1).split(" ")[1];
    assertThat(updated.outLines())
        .contains("the failed items and why: switchboard jobs failures " + name)
        .anySatisfy(line ->
            assertThat(line)
                .startsWith(
                    name + ": update succeeded: 2 items, 1 updated, 0 unchanged, 1 failed"));
    var number =
        numbers.getPhoneNumber(
            io.switchboard.proto.v1.GetPhoneNumberRequest.newBuilder()
                .setPhoneNumber(
                    io.switchboard.proto.v1.PhoneNumberRef.newBuilder().setNumber("+12084460001"))
                .build());
    assertThat(number.getRouting().getLabel()).isEqualTo("night desk");
    assertThat(number.getChannelSettings().getVoice().getEnabled()).isFalse();

    Outcome failures = cli.run("jobs", "failures", name, "--plaintext");
    assertThat(failures.exitCode()).as(failures.stderr()).isZero();
    assertThat(failures.outLines()).hasSize(2);
    assertThat(failures.outLines().get(1)).startsWith("1").contains("+12084460002", "NOT_FOUND");
  }

  private Path numbersFile(String name, String prefix, int count) throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("number,type,monthly_fee,currency,location,capabilities");
    for (int i = 0; i < count; i++) {
      lines.add(String.format("%s%04d,local,1.25,USD,\"Boise, ID\",voice;sms", prefix, i));
    }
    return Files.write(work.resolve(name), lines);
  }

  private static int inStock(String pattern) throws Exception {
    try (var connection = database.openConnection();
        var query =
            connection.prepareStatement(
                "SELECT count(*) FROM inventory_numbers WHERE number LIKE ?")) {
      query.setString(1, pattern);
      try (var row = query.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  static ManagedChannel channel(String key) {
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return Grpc.newChannelBuilderForAddress(
            "127.0.0.1", switchboard.grpcPort(), InsecureChannelCredentials.create())
        .intercept(MetadataUtils.newAttachHeadersInterceptor(auth))
        .build();
  }

  static String newApiKey() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return "sb_live_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
