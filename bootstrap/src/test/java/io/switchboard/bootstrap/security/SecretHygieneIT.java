package io.switchboard.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.FieldMask;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.CreateTrunkRequest;
import io.switchboard.proto.v1.GetChannelSnapshotRequest;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.GetTrunkCredentialsRequest;
import io.switchboard.proto.v1.GetTrunkRequest;
import io.switchboard.proto.v1.ListBindingsRequest;
import io.switchboard.proto.v1.ListPhoneNumberChangesRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.ListTrunksRequest;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.SipSettings;
import io.switchboard.proto.v1.Trunk;
import io.switchboard.proto.v1.TrunkChannel;
import io.switchboard.proto.v1.TrunkCredentials;
import io.switchboard.proto.v1.TrunkRef;
import io.switchboard.proto.v1.TrunkServiceGrpc;
import io.switchboard.proto.v1.UpdateTrunkRequest;
import io.switchboard.proto.v1.WatchChangesRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Case 10: SIP credentials written through every path (gRPC CreateTrunk and UpdateTrunk,
 * Mindhunters POST and PATCH /api/v1/phone-numbers/trunks, and two refused writes whose bodies
 * carry a password) never come back: not in any response of any read endpoint of trunks, numbers
 * and snapshots in every dialect and gRPC, ListPhoneNumberChanges, ResolveInbound or WatchChanges,
 * not in any log line (io.switchboard at DEBUG), not in /metrics, not in any row of any table
 * (change_events included); the trunks table holds ciphertext. Only GetTrunkCredentials returns
 * them, and only to a key with internal:trunk-credentials.
 */
class SecretHygieneIT {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String EXTERNAL_GRPC = "+12085550700";
  private static final String EXTERNAL_REST = "+12085550701";

  private static RunningService service;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    service = RunningService.start(SecretHygieneIT.class);
    logs = LogCapture.attachWithDebug();
  }

  @AfterAll
  static void stop() {
    if (logs != null) {
      logs.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private static String secret(String what) {
    return "Hyg13ne-" + what + "-" + RUN;
  }

  @Test
  void sip_credentials_never_leave_except_through_get_trunk_credentials() throws Exception {
    RunningService.Tenant tenant = service.tenant("hygiene");
    String key = tenant.apiKey(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE);
    String routingKey = tenant.apiKey(Scope.ROUTING);
    String credentialsKey = tenant.apiKey(Scope.TRUNK_CREDENTIALS);
    String everythingButCredentials = tenant.apiKeyWithout(Set.of(Scope.TRUNK_CREDENTIALS));
    ManagedChannel channel = service.channel(key);
    var trunks = TrunkServiceGrpc.newBlockingStub(channel);
    List<String> secrets =
        List.of(
            secret("grpc-create-password"),
            secret("grpc-create-user"),
            secret("grpc-update-password"),
            secret("grpc-update-user"),
            secret("rest-create-password"),
            secret("rest-create-user"),
            secret("rest-update-password"),
            secret("rest-update-user"),
            secret("refused-rest-password"),
            secret("refused-grpc-password"));
    List<String> answers = new ArrayList<>();

    // --- every way of writing credentials
    // --------------------------------------------------------------------------
    Trunk created =
        trunks.createTrunk(
            CreateTrunkRequest.newBuilder()
                .setTrunk(
                    Trunk.newBuilder()
                        .setNumber(EXTERNAL_GRPC)
                        .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL)
                        .setSip(
                            SipSettings.newBuilder()
                                .setGateway("sip.carrier.example")
                                .setPort(5060)
                                .setUsername(secret("grpc-create-user"))
                                .setPassword(secret("grpc-create-password"))))
                .build());
    answers.add(created.toString());
    Trunk updated =
        trunks.updateTrunk(
            UpdateTrunkRequest.newBuilder()
                .setTrunk(
                    Trunk.newBuilder()
                        .setId(created.getId())
                        .setSip(
                            SipSettings.newBuilder()
                                .setUsername(secret("grpc-update-user"))
                                .setPassword(secret("grpc-update-password"))))
                .setUpdateMask(
                    FieldMask.newBuilder().addPaths("sip.username").addPaths("sip.password"))
                .build());
    answers.add(updated.toString());
    assertThat(updated.getSip().getPasswordSet()).isTrue();
    answers.add(
        ok(
            service.http(
                "POST",
                "/api/v1/phone-numbers/trunks",
                key,
                "{\"phone_number\":\""
                    + EXTERNAL_REST
                    + "\",\"channel\":\"call\",\"sip\":{\"gateway\":\"sip.carrier.example\",\"username\":\""
                    + secret("rest-create-user")
                    + "\",\"password\":\""
                    + secret("rest-create-password")
                    + "\"}}")));
    answers.add(
        ok(
            service.http(
                "PATCH",
                "/api/v1/phone-numbers/trunks",
                key,
                "{\"phone_number\":\""
                    + EXTERNAL_REST
                    + "\",\"channel\":\"call\",\"sip\":{\"username\":\""
                    + secret("rest-update-user")
                    + "\",\"password\":\""
                    + secret("rest-update-password")
                    + "\"}}")));
    // refused writes must not echo the credentials they carried
    HttpResponse<String> refusedRest =
        service.http(
            "PATCH",
            "/api/v1/phone-numbers/trunks",
            key,
            "{\"phone_number\":\""
                + EXTERNAL_REST
                + "\",\"channel\":\"call\",\"sip\":{\"port\":70000,\"password\":\""
                + secret("refused-rest-password")
                + "\"}}");
    assertThat(refusedRest.statusCode()).isEqualTo(422);
    answers.add(refusedRest.body());
    StatusRuntimeException refusedGrpc =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                trunks.updateTrunk(
                    UpdateTrunkRequest.newBuilder()
                        .setTrunk(
                            Trunk.newBuilder()
                                .setId(created.getId())
                                .setSip(
                                    SipSettings.newBuilder()
                                        .setPort(70000)
                                        .setPassword(secret("refused-grpc-password"))))
                        .setUpdateMask(
                            FieldMask.newBuilder().addPaths("sip.port").addPaths("sip.password"))
                        .build()));
    assertThat(refusedGrpc.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    answers.add(refusedGrpc.getStatus() + " " + refusedGrpc.getTrailers());

    // --- every read that shows trunks, numbers or their history
    // ------------------------------------------------------
    var numbers = PhoneNumberServiceGrpc.newBlockingStub(channel);
    String restNumberId = null;
    for (String number : List.of(EXTERNAL_GRPC, EXTERNAL_REST)) {
      PhoneNumberRef ref = PhoneNumberRef.newBuilder().setNumber(number).build();
      var view =
          numbers.getPhoneNumber(GetPhoneNumberRequest.newBuilder().setPhoneNumber(ref).build());
      answers.add(view.toString());
      if (number.equals(EXTERNAL_REST)) {
        restNumberId = view.getId();
      }
      answers.add(
          numbers
              .getChannelSnapshot(
                  GetChannelSnapshotRequest.newBuilder().setPhoneNumber(ref).build())
              .toString());
      answers.add(
          numbers
              .listPhoneNumberChanges(
                  ListPhoneNumberChangesRequest.newBuilder()
                      .setPhoneNumber(ref)
                      .setPageSize(1000)
                      .build())
              .toString());
      TrunkRef trunkKey =
          TrunkRef.newBuilder()
              .setKey(
                  TrunkRef.Key.newBuilder()
                      .setNumber(number)
                      .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL))
              .build();
      answers.add(
          trunks.getTrunk(GetTrunkRequest.newBuilder().setTrunk(trunkKey).build()).toString());
      answers.add(
          RoutingServiceGrpc.newBlockingStub(service.channel(routingKey))
              .resolveInbound(
                  ResolveInboundRequest.newBuilder()
                      .setCalledNumber(number)
                      .setChannel(Channel.CHANNEL_CALL)
                      .build())
              .toString());
      String encoded = number.replace("+", "%2B");
      answers.add(
          ok(service.http("GET", "/api/v1/phone-numbers/channels?number=" + encoded, key, null)));
      answers.add(ok(service.http("GET", "/phone_numbers/" + encoded, key, null)));
    }
    answers.add(
        trunks
            .getTrunk(
                GetTrunkRequest.newBuilder()
                    .setTrunk(TrunkRef.newBuilder().setId(created.getId()))
                    .build())
            .toString());
    answers.add(
        trunks.listTrunks(ListTrunksRequest.newBuilder().setPageSize(1000).build()).toString());
    answers.add(
        numbers
            .listPhoneNumbers(
                ListPhoneNumbersRequest.newBuilder()
                    .setFilter("include_external = true")
                    .setPageSize(1000)
                    .build())
            .toString());
    answers.add(
        io.switchboard.proto.v1.BindingServiceGrpc.newBlockingStub(channel)
            .listBindings(ListBindingsRequest.getDefaultInstance())
            .toString());
    for (String path :
        List.of(
            "/api/v1/phone-numbers?include_external=1&per_page=100",
            "/api/v1/phone-numbers/trunks?per_page=100",
            "/api/v1/phone-numbers/" + restNumberId,
            "/api/v1/phone-numbers/" + restNumberId + "/channels",
            "/phone_numbers?size=1000",
            "/v1/phone-numbers?limit=100",
            "/v1/phone-numbers/" + restNumberId)) {
      answers.add(ok(service.http("GET", path, key, null)));
    }
    int events = 0;
    for (String watcher : List.of(key, routingKey)) {
      StringBuilder feed = new StringBuilder();
      events += watch(service.channel(watcher), feed);
      answers.add(feed.toString());
    }
    String metrics = ok(service.management("/metrics"));

    // --- GetTrunkCredentials: the only way out, and only with its scope
    // --------------------------------------------
    TrunkRef restTrunk =
        TrunkRef.newBuilder()
            .setKey(
                TrunkRef.Key.newBuilder()
                    .setNumber(EXTERNAL_REST)
                    .setChannel(TrunkChannel.TRUNK_CHANNEL_CALL))
            .build();
    TrunkRef grpcTrunk = TrunkRef.newBuilder().setId(created.getId()).build();
    for (String denied : List.of(key, routingKey, everythingButCredentials)) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  RoutingServiceGrpc.newBlockingStub(service.channel(denied))
                      .getTrunkCredentials(
                          GetTrunkCredentialsRequest.newBuilder().setTrunk(grpcTrunk).build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      answers.add(e.getStatus() + " " + e.getTrailers());
    }
    var credentials = RoutingServiceGrpc.newBlockingStub(service.channel(credentialsKey));
    TrunkCredentials ofGrpcTrunk =
        credentials.getTrunkCredentials(
            GetTrunkCredentialsRequest.newBuilder().setTrunk(grpcTrunk).build());
    TrunkCredentials ofRestTrunk =
        credentials.getTrunkCredentials(
            GetTrunkCredentialsRequest.newBuilder().setTrunk(restTrunk).build());
    assertThat(ofGrpcTrunk.getPassword()).isEqualTo(secret("grpc-update-password"));
    assertThat(ofGrpcTrunk.getUsername()).isEqualTo(secret("grpc-update-user"));
    assertThat(ofRestTrunk.getPassword()).isEqualTo(secret("rest-update-password"));
    assertThat(ofRestTrunk.getUsername()).isEqualTo(secret("rest-update-user"));
    // the Trunk inside the credentials answer is the ordinary resource: no credentials there either
    answers.add(ofGrpcTrunk.getTrunk().toString());
    answers.add(ofRestTrunk.getTrunk().toString());

    // --- scan everything
    // --------------------------------------------------------------------------------------------
    List<String> logLines = logs.lines();
    List<String> rows = allRows();
    List<String> leaks = new ArrayList<>();
    for (String secret : secrets) {
      String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
      answers.stream()
          .filter(a -> a.contains(secret))
          .forEach(a -> leaks.add("response: " + secret));
      logLines.stream().filter(l -> l.contains(secret)).forEach(l -> leaks.add("log: " + l));
      if (metrics.contains(secret)) {
        leaks.add("metrics: " + secret);
      }
      rows.stream()
          .filter(r -> r.contains(secret) || r.contains(hex))
          .forEach(r -> leaks.add("database: " + r));
    }
    List<String> trunkRows = rows.stream().filter(r -> r.startsWith("trunks:")).toList();
    long changeEvents = rows.stream().filter(r -> r.startsWith("change_events:")).count();
    System.out.printf(
        "RELIABILITY secret-hygiene: 4 credential writes and 2 refused ones, %d secrets; scanned %d "
            + "responses, %d watch events, %d log lines (DEBUG), /metrics, %d rows of every table (%d change events, "
            + "%d trunks): %d occurrences; GetTrunkCredentials refused to 3 keys without its scope%n",
        secrets.size(),
        answers.size(),
        events,
        logLines.size(),
        rows.size(),
        changeEvents,
        trunkRows.size(),
        leaks.size());
    assertThat(leaks).isEmpty();
    assertThat(trunkRows).hasSize(2);
    assertThat(changeEvents).isPositive();
    assertThat(events).isPositive();
    assertThat(logLines).isNotEmpty();
    assertStoredAsCiphertext(secrets);
  }

  private static String ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return response.body();
  }

  /** Every event the feed holds for this key, until it has nothing more within a short deadline. */
  private static int watch(ManagedChannel channel, StringBuilder feed) {
    int count = 0;
    var events =
        RoutingServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .watchChanges(WatchChangesRequest.newBuilder().setSinceRevision(0).build());
    try {
      while (events.hasNext()) {
        feed.append(events.next());
        count++;
      }
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
    return count;
  }

  /** Every row of every table of the schema as text ("table: row"); bytea columns render as hex. */
  private static List<String> allRows() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = service.database().openConnection();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet names =
          statement.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                  + " AND table_type = 'BASE TABLE'")) {
        while (names.next()) {
          tables.add(names.getString(1));
        }
      }
      assertThat(tables).contains("trunks", "change_events", "api_keys");
      for (String table : tables) {
        try (ResultSet all = statement.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
          while (all.next()) {
            rows.add(table + ": " + all.getString(1));
          }
        }
      }
    }
    return rows;
  }

  /**
   * The credential columns of the trunks table hold bytes that neither are nor contain the
   * plaintext.
   */
  private static void assertStoredAsCiphertext(List<String> secrets) throws Exception {
    try (Connection connection = service.database().openConnection();
        Statement statement = connection.createStatement();
        ResultSet stored =
            statement.executeQuery("SELECT sip_username, sip_password FROM trunks")) {
      int checked = 0;
      while (stored.next()) {
        for (String column : List.of("sip_username", "sip_password")) {
          byte[] bytes = stored.getBytes(column);
          assertThat(bytes).as(column).isNotNull();
          String asText = new String(bytes, StandardCharsets.ISO_8859_1);
          for (String secret : secrets) {
            assertThat(asText).as("%s holds plaintext", column).doesNotContain(secret);
          }
          checked++;
        }
      }
      assertThat(checked).isEqualTo(4);
    }
  }
}
