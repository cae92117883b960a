package io.switchboard.benchmarks;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.FieldMask;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.application.common.RequestContext;
import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.Switchboard;
import io.switchboard.domain.binding.BindingChannel;
import io.switchboard.domain.change.SourceApi;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.number.PhoneNumberId;
import io.switchboard.domain.org.Organization;
import io.switchboard.domain.org.Principal;
import io.switchboard.domain.org.Scope;
import io.switchboard.proto.v1.Channel;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.ListPhoneNumbersRequest;
import io.switchboard.proto.v1.ListPhoneNumbersResponse;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef.Builder;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.ResolveInboundRequest;
import io.switchboard.proto.v1.ResolveInboundResponse;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.RoutingServiceGrpc;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs every row of issue 8 against Switchboard started in this process and its baselines started
 * beside it, and prints one table. Usage: {@code java -jar switchboard-benchmarks.jar [--quick]
 * [--rows=1,2,…] [--listing-numbers=N] [--cache-numbers=N] [--deep-position=N]}.
 */
public final class BenchmarkMain {

  static final String DATABASE_URL_ENV = "SWITCHBOARD_BENCH_DATABASE_URL";
  static final String DEFAULT_SERVER_URL =
      "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
  static final String AGENT = "bench-agent";
  static final int WORKING_SET = 10_000;
  static final long WORKING_SET_FIRST_SUBSCRIBER = 3_000_000;
  static final long LISTING_FIRST_SUBSCRIBER = 2_000_000;
  static final int DB_CONCURRENCY = 16;
  static final String LIST_FILTER = "status = \"active\" AND type = \"local\"";
  static final String LIST_ORDER = "number";

  private final Options options;
  private final PrintStream progress = System.err;
  private final LoadGenerator load;
  private final Table table = new Table();
  private final SecureRandom random = new SecureRandom();

  private final LoadGenerator halfLoad;
  private String jitWarmupSummary = "JIT warm-up: none";
  private final Map<Integer, KeepAliveHttpClient> httpConnections = new ConcurrentHashMap<>();

  /**
   * Closed-loop measurements of this run that later rows derive from (row 2's limit, row 10's
   * rates).
   */
  private final Map<String, Measurement> closedLoop = new HashMap<>();

  /**
   * Each workload runs this long per warm-up round, with this many threads (few, so the compilers
   * get CPU).
   */
  static final Duration JIT_WARMUP_SLICE = Duration.ofSeconds(3);

  static final int JIT_WARMUP_CONCURRENCY = 4;

  /** Compiler time below this share of a round's wall time counts as quiet. */
  static final double JIT_QUIET = 0.05;

  private BenchmarkMain(Options options) {
    this.options = options;
    this.load = new LoadGenerator(options.warmup, options.measure, CpuMeter.thisProcess());
    this.halfLoad =
        new LoadGenerator(options.warmup, options.measure.dividedBy(2), CpuMeter.thisProcess());
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    long started = System.nanoTime();
    new BenchmarkMain(options).runAll();
    System.err.printf("benchmark finished in %.0f s%n", (System.nanoTime() - started) / 1e9);
    System.exit(0);
  }

  private void runAll() throws Exception {
    PgTarget server =
        PgTarget.parse(
            Optional.ofNullable(System.getenv(DATABASE_URL_ENV))
                .filter(s -> !s.isBlank())
                .orElse(DEFAULT_SERVER_URL));
    Path workDir = Files.createTempDirectory("sb-bench");
    try (BenchDatabase db = BenchDatabase.create(server)) {
      progress.println("bench database " + db.target());
      String machine =
          Machine.describe(db.serverVersion(), new Pgbench(db.target(), workDir).version());
      runRows(db, workDir);
      System.out.println();
      System.out.println(machine);
      System.out.println(
          "mode: "
              + (options.quick ? "quick (smoke run, not for the record)" : "full")
              + ", warm-up "
              + options.warmup.toSeconds()
              + " s + measured "
              + options.measure.toSeconds()
              + " s per load row");
      System.out.println(jitWarmupSummary);
      System.out.println();
      table.print(System.out);
    }
  }

  private void runRows(BenchDatabase db, Path workDir) throws Exception {
    String apiKey = ApiKeySecrets.generate();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String secretKey = Base64.getEncoder().encodeToString(secret);

    try (Instance a = Instance.start(db, apiKey, secretKey, true, workDir)) {
      UUID defaultOrg;
      try (Connection c = db.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM organizations WHERE name = 'default'")) {
        rs.next();
        defaultOrg = rs.getObject(1, UUID.class);
      }
      UUID[] ids;
      try (Connection c = db.connect()) {
        ids =
            BenchDatabase.copyNumbers(
                c,
                defaultOrg,
                WORKING_SET_FIRST_SUBSCRIBER,
                WORKING_SET,
                AGENT,
                Instant.parse("2025-01-01T00:00:00Z"),
                false,
                true);
      }
      // COPY writes no change events: the route cache, a complete copy, is told to load again
      a.switchboard.services().routeCache().reload();
      WorkingSet set = new WorkingSet(defaultOrg, ids);
      Principal principal = a.switchboard.services().authenticate().authenticate(apiKey);
      // as a deployment calls: tenants with a numbers:* key, call routers with an internal:routing
      // key, both
      // under the rate limiter (set above the offered load: its cost is part of the service)
      var keys = a.switchboard.services().createApiKey();
      String tenantKey =
          keys.createApiKey(
                  context(principal),
                  principal.organizationId(),
                  "bench-tenant",
                  EnumSet.of(Scope.NUMBERS_READ, Scope.NUMBERS_WRITE))
              .secret();
      String routingKey =
          keys.createApiKey(
                  context(principal),
                  principal.organizationId(),
                  "bench-routing",
                  EnumSet.of(Scope.ROUTING))
              .secret();
      progress.println("warming the route cache of replica A with " + WORKING_SET + " numbers");
      fillRouteCache(a, apiKey);

      try (EchoServer echo = new EchoServer();
          Grpc grpc = new Grpc(a.switchboard.grpcPort(), tenantKey);
          Grpc routingGrpc = new Grpc(a.switchboard.grpcPort(), routingKey);
          Grpc bare = new Grpc(echo.port(), routingKey);
          RawJdbcReads jdbc =
              new RawJdbcReads(db.target(), a.switchboard.config().databasePoolSize())) {
        LoadGenerator.Workload restGet = restGetWorkload(a, tenantKey, set);
        warmUpJit(jitWorkloads(a, principal, set, grpc, routingGrpc, bare, restGet, jdbc));
        if (options.runs(1)) {
          // the JIT warm-up's updates evicted routes from the cache; the row is about a warm one
          fillRouteCache(a, apiKey);
          rowRouting(a, routingGrpc, bare, set);
          rowRoutingWithPolicies(db, a, routingGrpc, bare, set);
        }
        Measurement grpcGet = null;
        if (options.runs(2) || options.runs(4)) {
          Supplier<Measurement> grpcGetLoad =
              () -> halfLoad.run("grpc-get", DB_CONCURRENCY, grpcGetWorkload(grpc, set));
          if (options.runs(4)) {
            grpcGet = rowRestVersusGrpc(restGet, grpcGetLoad);
          } else {
            grpcGet = Measurement.merge(List.of(grpcGetLoad.get(), grpcGetLoad.get()));
          }
        }
        if (options.runs(2)) {
          rowDatabaseRead(db, workDir, a, principal, set, grpcGet, jdbc, bare);
        }
        closeHttpConnections();
        if (options.runs(3)) {
          rowWrite(db, workDir, grpc, set, apiKey, secretKey);
        }
        if (options.runs(10)) {
          fillRouteCache(a, apiKey);
          survive("10", () -> rowOpenLoop(a, routingGrpc, grpc, bare, set));
        }
        if (options.runs(9)) {
          survive("9", () -> rowImport(db, a, principal));
        }
        if (options.runs(6) || options.runs(7)) {
          try (Instance b = Instance.start(db, apiKey, secretKey, false, workDir);
              Grpc grpcB = new Grpc(b.switchboard.grpcPort(), routingKey)) {
            fillRouteCache(b, apiKey);
            if (options.runs(6)) {
              // A has served every row before; a replica started now, like B, differs from B in the
              // metrics switch only (full runs measured 7-13 % "metrics cost" between A and B)
              try (Instance c = Instance.start(db, apiKey, secretKey, true, workDir);
                  Grpc grpcC = new Grpc(c.switchboard.grpcPort(), routingKey)) {
                fillRouteCache(c, apiKey);
                rowMetricsCost(c, grpcC, grpcB, set);
              }
            }
            if (options.runs(7)) {
              rowCoherence(grpc, routingGrpc, grpcB, set);
            }
          }
        }
      }
      if (options.runs(5) || options.runs(8)) {
        rowListingAndMemory(db, a, principal);
      }
    }
  }

  // ---- row 1: routing hot path vs bare gRPC echo
  // --------------------------------------------------------------

  private void rowRouting(Instance a, Grpc grpc, Grpc bare, WorkingSet set) {
    ResolveInboundRequest[] requests = set.resolveRequests();
    for (int concurrency : List.of(1, 16, 64)) {
      progress.println("row 1: ResolveInbound and bare echo at concurrency " + concurrency);
      InPlaceCounts before = InPlaceCounts.of(a);
      Measurement[] turns =
          inTurns(
              () -> resolveLoad(halfLoad, "resolve", concurrency, grpc, requests, () -> {}),
              () -> echoLoad(concurrency, bare, requests));
      progress.println("row 1 at concurrency " + concurrency + ": " + before.until(a));
      Measurement ours = turns[0];
      Measurement base = turns[1];
      table.add("1", "bare gRPC echo (baseline)", base);
      closedLoop.put("echo-" + concurrency, base);
      closedLoop.put("resolve-" + concurrency, ours);
      addRatio("1", "ResolveInbound, cache warm", ours, base, 0.8, "≥ 0.80 × bare");
    }
  }

  /**
   * Every policy a number can have on its call channel, open around the clock so that each call
   * walks every rule (number state, caller screening against a deny list, business hours in a DST
   * zone, availability, concurrency) and still reaches the agent.
   */
  static final String POLICIES_ON_EVERY_NUMBER =
      """
      {"call": {"fallback": {"number": "+4930901820"},
                "caller_screening": {"allow": [], "deny": ["+1900", "+1976", "+4990"],
                                     "reject_anonymous": true},
                "business_hours": {"time_zone": "Europe/Berlin",
                  "weekly": {"monday": ["00:00-24:00"], "tuesday": ["00:00-24:00"],
                             "wednesday": ["00:00-24:00"], "thursday": ["00:00-24:00"],
                             "friday": ["00:00-24:00"], "saturday": ["00:00-24:00"],
                             "sunday": ["00:00-24:00"]},
                  "exceptions": {"2026-12-25": ["00:00-24:00"]},
                  "after_hours": {"reject_reason": "closed"}}}}
      """;

  /**
   * Row 1 again with {@link #POLICIES_ON_EVERY_NUMBER} on every number of the working set, the
   * requests carrying a caller and the router's active calls: the policies are evaluated on the hot
   * path, from the cache, and must keep ResolveInbound at 0.8 × the bare echo too. The policies are
   * removed afterwards, so later rows see the numbers as before.
   */
  private void rowRoutingWithPolicies(
      BenchDatabase db, Instance a, Grpc grpc, Grpc bare, WorkingSet set) throws Exception {
    setPolicies(db, set, POLICIES_ON_EVERY_NUMBER);
    // raw SQL writes no change events: the route cache is told to load again
    a.switchboard.services().routeCache().reload();
    try {
      ResolveInboundRequest[] requests = set.resolveRequestsWithCallerAndActiveCalls();
      for (int concurrency : List.of(1, 16, 64)) {
        progress.println(
            "row 1: ResolveInbound with policies on every number and bare echo at concurrency "
                + concurrency);
        Measurement[] turns =
            inTurns(
                () ->
                    halfLoad.run(
                        "resolve-policies",
                        concurrency,
                        resolveWithPoliciesWorkload(grpc, requests)),
                () -> echoLoad(concurrency, bare, requests));
        table.add("1", "bare gRPC echo (baseline of the policy variant)", turns[1]);
        addRatio(
            "1",
            "ResolveInbound, cache warm, policies on every number",
            turns[0],
            turns[1],
            0.8,
            "≥ 0.80 × bare");
      }
    } finally {
      setPolicies(db, set, null);
      a.switchboard.services().routeCache().reload();
    }
  }

  private static void setPolicies(BenchDatabase db, WorkingSet set, String policies)
      throws java.sql.SQLException {
    try (Connection c = db.connect();
        java.sql.PreparedStatement s =
            c.prepareStatement(
                "UPDATE phone_numbers SET routing_policies = ?::jsonb WHERE id = ANY (?)")) {
      s.setString(1, policies);
      s.setArray(2, c.createArrayOf("uuid", set.ids()));
      s.executeUpdate();
    }
  }

  /** ResolveInbound that must have walked every rule of {@link #POLICIES_ON_EVERY_NUMBER}. */
  private static LoadGenerator.Workload resolveWithPoliciesWorkload(
      Grpc grpc, ResolveInboundRequest[] requests) {
    return w -> {
      var rnd = new SplittableRandom(w);
      var stub = RoutingServiceGrpc.newBlockingStub(grpc.channel);
      return () -> {
        ResolveInboundResponse response =
            stub.resolveInbound(requests[rnd.nextInt(requests.length)]);
        if (response.getAction()
                != io.switchboard.proto.v1.RoutingAction.ROUTING_ACTION_ROUTE_TO_AGENT
            || response.getExplanationCount() != 5) {
          throw new IllegalStateException(
              "policies not evaluated: "
                  + response.getAction()
                  + " "
                  + response.getExplanationList());
        }
      };
    };
  }

  private Measurement resolveLoad(
      LoadGenerator generator,
      String name,
      int concurrency,
      Grpc grpc,
      ResolveInboundRequest[] requests,
      Runnable during) {
    return generator.run(name, concurrency, resolveWorkload(grpc, requests), during);
  }

  private Measurement echoLoad(int concurrency, Grpc bare, ResolveInboundRequest[] requests) {
    return halfLoad.run("echo", concurrency, echoWorkload(bare, requests));
  }

  // ---- row 2: database-backed read vs pgbench and raw JDBC
  // ----------------------------------------------------

  private void rowDatabaseRead(
      BenchDatabase db,
      Path workDir,
      Instance a,
      Principal principal,
      WorkingSet set,
      Measurement grpcGet,
      RawJdbcReads jdbc,
      Grpc bare)
      throws Exception {
    progress.println("row 2: pgbench -S -M prepared, in-process use case, raw JDBC");
    Pgbench pgbench = new Pgbench(db.target(), workDir);
    pgbench.initialise();
    Measurement pg =
        pgbench.run(
            "pgbench-select",
            DB_CONCURRENCY,
            List.of("-S", "-M", "prepared"),
            options.warmup,
            options.measure);
    table.add("2", "pgbench -S -M prepared (baseline)", pg);
    addRatio("2", "GetPhoneNumber over gRPC", grpcGet, pg, 0.6, "≥ 0.60 × pgbench");

    Measurement[] turns =
        inTurns(
            () ->
                halfLoad.run("usecase-get", DB_CONCURRENCY, useCaseGetWorkload(a, principal, set)),
            () -> halfLoad.run("raw-jdbc-get", DB_CONCURRENCY, rawGetWorkload(jdbc, set)));
    Measurement inProcess = turns[0];
    Measurement raw = turns[1];
    table.add("2", "same statement, raw JDBC in-process (baseline)", raw);
    double jooqRatio = inProcess.throughput() / raw.throughput();
    table.add(
        new Table.Row(
            "2",
            "GetPhoneNumber use case in-process (jOOQ)",
            inProcess,
            ratioText(jooqRatio) + " (jOOQ ÷ raw)",
            "≥ 0.85 × raw",
            jooqRatio >= 0.85 ? "ok" : "MISSED"));
    closedLoop.put("get-16", grpcGet);
    Measurement echo = closedLoop.get("echo-" + DB_CONCURRENCY);
    if (echo == null) {
      ResolveInboundRequest[] requests = set.resolveRequests();
      echo =
          Measurement.merge(
              List.of(
                  echoLoad(DB_CONCURRENCY, bare, requests),
                  echoLoad(DB_CONCURRENCY, bare, requests)));
      table.add("2", "bare gRPC echo (part of the limit)", echo);
    }
    // a gRPC read can be no faster than its two parts in series: the transport (echo) and the
    // statement (raw JDBC)
    double limit = 1 / (1 / echo.throughput() + 1 / raw.throughput());
    double ofLimit = grpcGet.throughput() / limit;
    table.add(
        new Table.Row(
            "2",
            Table.format(
                "limit of its parts 1/(1/echo + 1/raw JDBC) = %.0f/s (echo %.0f/s):"
                    + " GetPhoneNumber over gRPC",
                limit, echo.throughput()),
            grpcGet,
            ratioText(ofLimit) + " (÷ limit)",
            "≥ 0.80 × limit",
            ofLimit >= 0.8 ? "ok" : "MISSED"));
  }

  // ---- row 3: write vs pgbench single-row UPDATE
  // --------------------------------------------------------------

  private void rowWrite(
      BenchDatabase db, Path workDir, Grpc grpc, WorkingSet set, String apiKey, String secretKey)
      throws Exception {
    progress.println("row 3: UpdatePhoneNumber and pgbench single-row UPDATE");
    Measurement ours = load.run("grpc-update", DB_CONCURRENCY, updateWorkload(grpc, set));
    Pgbench pgbench = new Pgbench(db.target(), workDir);
    pgbench.initialise();
    Path script = workDir.resolve("single-row-update.sql");
    Files.writeString(script, Pgbench.SINGLE_ROW_UPDATE);
    Measurement pg =
        pgbench.run(
            "pgbench-update",
            DB_CONCURRENCY,
            List.of("-M", "prepared", "-f", script.toString()),
            options.warmup,
            options.measure);
    table.add("3", "pgbench single-row UPDATE (baseline)", pg);
    addRatio(
        "3",
        Table.format(
            "UpdatePhoneNumber (mask, change event, request_id; JVM CPU %.3f ms/update)",
            ours.cpuSecondsPer1000()),
        ours,
        pg,
        0.25,
        "≥ 0.25 × pgbench");
    survive("3b", () -> rowWriteReplay(db, workDir, grpc, set, apiKey, secretKey, pgbench, ours));
  }

  private interface RowBody {
    void run() throws Exception;
  }

  /**
   * Rows new in issue 17 report their failure in the table instead of ending the run before the
   * rows after them.
   */
  private void survive(String row, RowBody body) {
    try {
      body.run();
    } catch (Exception e) {
      progress.println("row " + row + " failed: " + e);
      e.printStackTrace(progress);
      table.add(new Table.Row(row, "failed: " + e, null, "", "", "MISSED"));
    }
  }

  /**
   * Row 3b: the statements one UpdatePhoneNumber sends, captured from the driver on a replica
   * started for it, replayed by pgbench at the same concurrency with the same round trips: what
   * PostgreSQL allows for our design.
   */
  private void rowWriteReplay(
      BenchDatabase db,
      Path workDir,
      Grpc grpc,
      WorkingSet set,
      String apiKey,
      String secretKey,
      Pgbench pgbench,
      Measurement ours)
      throws Exception {
    progress.println(
        "row 3b: capturing the statements of one UpdatePhoneNumber, replaying them with pgbench");
    int row = 0;
    long version =
        987_654_321L; // a value no other bound value has, so the replay can tell the version apart
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "UPDATE phone_numbers SET version = " + version + " WHERE id = '" + set.ids[row] + "'");
      s.execute("DROP TABLE IF EXISTS " + ReplayScript.ROWS_TABLE);
      s.execute(
          "CREATE TABLE "
              + ReplayScript.ROWS_TABLE
              + " (n int PRIMARY KEY, id uuid NOT NULL, number text NOT NULL)");
      try (var insert =
          c.prepareStatement("INSERT INTO " + ReplayScript.ROWS_TABLE + " VALUES (?, ?, ?)")) {
        for (int i = 0; i < set.ids.length; i++) {
          insert.setInt(1, i);
          insert.setObject(2, set.ids[i]);
          insert.setString(3, set.number(i));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      s.execute("ANALYZE " + ReplayScript.ROWS_TABLE);
    }
    List<StatementCapture.RoundTrip> trips;
    String requestId = UUID.randomUUID().toString();
    String tenantKey = grpc.apiKey;
    try (Instance capturing =
            Instance.start(
                db,
                db.target().jdbcUrl() + "&prepareThreshold=0",
                apiKey,
                secretKey,
                true,
                workDir);
        Grpc captureGrpc = new Grpc(capturing.switchboard.grpcPort(), tenantKey)) {
      var stub = PhoneNumberServiceGrpc.newBlockingStub(captureGrpc.channel);
      for (int i = 0;
          i < 3;
          i++) { // connections made, caches filled: what remains is what every update sends
        stub.updatePhoneNumber(
            labelUpdate(set.ids[1 + i], "capture-warm-" + i, UUID.randomUUID().toString()));
      }
      try (StatementCapture capture = StatementCapture.start()) {
        stub.updatePhoneNumber(labelUpdate(set.ids[row], "capture", requestId));
        // the writer's thread: the change follower's reads on other threads are not the update's
        trips = capture.roundTripsOfThreadsSending("update phone_numbers");
      }
    }
    // the sequencer numbers the events of all concurrent writers in one run: it is shared, not per
    // update
    List<StatementCapture.RoundTrip> unsequenced =
        trips.stream()
            .filter(t ->
                t.statements().stream()
                    .noneMatch(st -> st.sql().contains("sequence_change_events")))
            .toList();
    // The route cache's own-commit catch-up (read the feed after its revision, load the changed
    // route) runs on the writer's thread only when it gets there before the change follower: a race
    // per update, so it is counted apart and left out of the replay (its array bind is not
    // printed). So is pgjdbc's catalog query for a result's column metadata, which it sends once
    // per connection and column, not per update.
    List<StatementCapture.RoundTrip> perUpdate =
        unsequenced.stream()
            .filter(t ->
                !t.statements().stream()
                    .allMatch(st ->
                        st.sql().contains("\"change_events\".\"revision\" >")
                            || st.sql().contains("n.number = ANY(")
                            || st.sql().contains("FROM pg_catalog.pg_class c")))
            .toList();
    String script =
        ReplayScript.sql(
            perUpdate,
            new ReplayScript.Known(set.ids[row].toString(), set.number(row), requestId, version));
    Path file = workDir.resolve("update-replay.sql");
    Files.writeString(file, script);
    progress.println(
        "row 3b: "
            + perUpdate.size()
            + " round trips per update ("
            + (trips.size() - unsequenced.size())
            + " sequencer runs and "
            + (unsequenced.size() - perUpdate.size())
            + " of the route cache's catch-up or the driver's metadata left out); the script:\n"
            + script);
    Measurement replay =
        pgbench.run(
            "pgbench-replay",
            DB_CONCURRENCY,
            List.of("-M", "prepared", "-f", file.toString()),
            options.warmup,
            options.measure);
    table.add(
        "3b",
        "pgbench replaying the update's " + perUpdate.size() + " round trips (baseline)",
        replay);
    addRatio(
        "3b",
        "UpdatePhoneNumber ÷ its own statements in pgbench",
        ours,
        replay,
        0.8,
        "≥ 0.80 × 3b");
  }

  private static UpdatePhoneNumberRequest labelUpdate(UUID id, String label, String requestId) {
    return UpdatePhoneNumberRequest.newBuilder()
        .setPhoneNumber(
            PhoneNumber.newBuilder()
                .setId(id.toString())
                .setRouting(Routing.newBuilder().setLabel(label)))
        .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
        .setRequestId(requestId)
        .build();
  }

  // ---- row 9: bulk import vs COPY
  // -----------------------------------------------------------------------------

  static final int IMPORT_NUMBERS = 100_000;
  static final int IMPORT_BATCH = 1000;
  static final long IMPORT_FIRST_SUBSCRIBER = 5_000_000;
  static final int IMPORT_WARMUP_NUMBERS = 20_000;
  static final long IMPORT_WARMUP_FIRST_SUBSCRIBER = IMPORT_FIRST_SUBSCRIBER + IMPORT_NUMBERS;

  /**
   * Row 9: ImportNumbers of 100,000 numbers over gRPC in batches of 1,000 (the most a request may
   * carry) against COPY of the same rows into the same table; the COPY's rows are deleted before
   * the import. Unless the JIT warm-up is off, 20,000 other numbers are imported (and deleted)
   * first, so that the import's code is compiled before it is timed, as rows 1 to 4's is. The heap
   * is sampled every 50 ms during the import: its peak above the level before shows whether a layer
   * copies whole batches.
   */
  private void rowImport(BenchDatabase db, Instance a, Principal principal) throws Exception {
    String key =
        a.switchboard
            .services()
            .createApiKey()
            .createApiKey(
                context(principal),
                principal.organizationId(),
                "bench-import",
                EnumSet.of(Scope.INVENTORY_WRITE))
            .secret();
    String warmup = "no JIT warm-up";
    if (!options.jitWarmup.isZero()) {
      // The JIT warm-up before the rows runs rows 1 to 4's workloads only: without this the
      // import's own code (libphonenumber's parsing, the request's protobuf, the set-based
      // statement's binds) was compiled while the import was timed, and COPY has no such code.
      progress.println("row 9: JIT warm-up, ImportNumbers of " + IMPORT_WARMUP_NUMBERS + " others");
      long warmupStarted = System.nanoTime();
      importOverGrpc(a, key, IMPORT_WARMUP_FIRST_SUBSCRIBER, IMPORT_WARMUP_NUMBERS);
      warmup =
          Table.format(
              "after a JIT warm-up importing %,d others in %.2f s",
              IMPORT_WARMUP_NUMBERS, (System.nanoTime() - warmupStarted) / 1e9);
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute("DELETE FROM inventory_numbers WHERE number LIKE '+1209%'");
        s.execute("VACUUM (ANALYZE) inventory_numbers");
      }
    }
    progress.println(
        "row 9: COPY of " + IMPORT_NUMBERS + " inventory numbers, then ImportNumbers of the same");
    long copyStarted = System.nanoTime();
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
      StringBuilder rows = new StringBuilder(IMPORT_NUMBERS * 120);
      String now = Instant.now().toString();
      for (int i = 0; i < IMPORT_NUMBERS; i++) {
        rows.append("+1209")
            .append(IMPORT_FIRST_SUBSCRIBER + i)
            .append("\tUS\tlocal\tt\tt\tf\tf\tt\tt\t1.0000\tUSD\t")
            .append("Boise, ID\t[]\t")
            .append(now)
            .append('\t')
            .append(now)
            .append('\n');
      }
      copy.copyIn(
          "COPY inventory_numbers (number, country, type, capability_voice, capability_sms, capability_mms,"
              + " capability_fax, capability_emergency, capability_local_calling, monthly_fee, currency, location,"
              + " requirements, imported_at, available_from) FROM STDIN",
          new java.io.StringReader(rows.toString()));
    }
    double copySeconds = (System.nanoTime() - copyStarted) / 1e9;
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM inventory_numbers WHERE number LIKE '+1209%'");
      s.execute("VACUUM (ANALYZE) inventory_numbers");
    }
    long heapBefore = usedHeapAfterGc();
    var memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong(heapBefore);
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(() -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                LoadGenerator.sleep(Duration.ofMillis(50));
              }
            });
    CpuMeter cpu = CpuMeter.thisProcess();
    double cpuBefore = cpu.cpuSeconds();
    long started = System.nanoTime();
    long imported;
    boolean profiled = Profiler.start("import");
    try {
      imported = importOverGrpc(a, key, IMPORT_FIRST_SUBSCRIBER, IMPORT_NUMBERS);
    } finally {
      sampler.interrupt();
      if (profiled) {
        Profiler.stop("import");
      }
    }
    double importSeconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = cpu.cpuSeconds() - cpuBefore;
    double ratio = copySeconds / importSeconds;
    boolean all = imported == IMPORT_NUMBERS;
    table.add(
        new Table.Row(
            "9",
            Table.format(
                "COPY of %,d inventory numbers (baseline): %.2f s = %.0f rows/s",
                IMPORT_NUMBERS, copySeconds, IMPORT_NUMBERS / copySeconds),
            null,
            "",
            "",
            ""));
    table.add(
        new Table.Row(
            "9",
            Table.format(
                "ImportNumbers of the same %,d, %,d per request: %.2f s = %.0f rows/s,"
                    + " %,d imported, JVM CPU %.1f s, heap peak +%.0f MiB over %.0f MiB, %s",
                IMPORT_NUMBERS,
                IMPORT_BATCH,
                importSeconds,
                IMPORT_NUMBERS / importSeconds,
                imported,
                cpuSeconds,
                (peak.get() - heapBefore) / 1048576.0,
                heapBefore / 1048576.0,
                warmup),
            null,
            ratioText(ratio) + " (COPY time ÷ ours)",
            "≥ 0.50 × COPY",
            all && ratio >= 0.5 ? "ok" : "MISSED"));
  }

  /**
   * ImportNumbers over gRPC of {@code count} numbers from {@code +1209<firstSubscriber>} up, in
   * requests of {@link #IMPORT_BATCH}, one after the other.
   *
   * @return how many came back imported
   */
  private static long importOverGrpc(Instance a, String key, long firstSubscriber, int count) {
    long imported = 0;
    try (Grpc grpc = new Grpc(a.switchboard.grpcPort(), key)) {
      var stub = io.switchboard.proto.v1.InventoryServiceGrpc.newBlockingStub(grpc.channel);
      for (int first = 0; first < count; first += IMPORT_BATCH) {
        var request =
            io.switchboard.proto.v1.ImportNumbersRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString());
        for (int i = first; i < Math.min(count, first + IMPORT_BATCH); i++) {
          request.addNumbers(
              io.switchboard.proto.v1.AvailableNumber.newBuilder()
                  .setNumber("+1209" + (firstSubscriber + i))
                  .setType(io.switchboard.proto.v1.NumberType.NUMBER_TYPE_LOCAL)
                  .setCapabilities(
                      io.switchboard.proto.v1.Capabilities.newBuilder()
                          .setVoice(true)
                          .setSms(true)
                          .setEmergency(true)
                          .setLocalCalling(true))
                  .setMonthlyFee(
                      io.switchboard.proto.v1.Money.newBuilder()
                          .setAmount("1.00")
                          .setCurrency("USD"))
                  .setLocation("Boise, ID"));
        }
        imported +=
            stub.importNumbers(request.build()).getResultsList().stream()
                .filter(r ->
                    r.getOutcome()
                        == io.switchboard.proto.v1.ImportNumbersResponse.Result.Outcome
                            .OUTCOME_IMPORTED)
                .count();
      }
    }
    return imported;
  }

  // ---- row 10: open loop
  // --------------------------------------------------------------------------------------

  /**
   * Row 10: ResolveInbound and GetPhoneNumber sent at a fixed rate, 70 % of their closed-loop
   * maximum in this run (rows 1 and 2, or measured here), latency from the intended send time; the
   * bare echo at ResolveInbound's rate.
   */
  private void rowOpenLoop(Instance a, Grpc routing, Grpc tenant, Grpc bare, WorkingSet set) {
    ResolveInboundRequest[] requests = set.resolveRequests();
    Measurement resolveMax =
        closedLoopMaximum("resolve-")
            .orElseGet(() ->
                resolveLoad(halfLoad, "resolve", DB_CONCURRENCY, routing, requests, () -> {}));
    Measurement echoMax =
        closedLoopMaximum("echo-").orElseGet(() -> echoLoad(DB_CONCURRENCY, bare, requests));
    Measurement getMax =
        Optional.ofNullable(closedLoop.get("get-16"))
            .orElseGet(
                () -> halfLoad.run("grpc-get", DB_CONCURRENCY, grpcGetWorkload(tenant, set)));
    OpenLoopGenerator open =
        new OpenLoopGenerator(options.warmup, options.measure, 64, CpuMeter.thisProcess());
    // both sides below their own maximum: at a rate past the echo's, the echo's queue grows for the
    // whole window and any ratio to it flatters (the first run with the loop's budget:
    // ResolveInbound
    // 36,887/s closed-loop, the echo 23,193/s, the echo's p99 48.7 ms at 25,821/s)
    double bothCarry = Math.min(resolveMax.throughput(), echoMax.throughput());
    double resolveRate = 0.7 * bothCarry;
    progress.printf(
        "row 10: open loop at %.0f/s (ResolveInbound and echo), %.0f/s (GetPhoneNumber)%n",
        resolveRate, 0.7 * getMax.throughput());
    List<Measurement> echoRounds = new ArrayList<>();
    List<Measurement> resolveRounds = new ArrayList<>();
    OpenLoopGenerator half =
        new OpenLoopGenerator(
            options.warmup, options.measure.dividedBy(2), 64, CpuMeter.thisProcess());
    InPlaceCounts before = InPlaceCounts.of(a);
    resolveRounds.add(half.run("open-resolve", resolveRate, sendResolve(routing, requests)));
    echoRounds.add(half.run("open-echo", resolveRate, sendEcho(bare, requests)));
    echoRounds.add(half.run("open-echo", resolveRate, sendEcho(bare, requests)));
    resolveRounds.add(half.run("open-resolve", resolveRate, sendResolve(routing, requests)));
    progress.println("row 10: " + before.until(a));
    Measurement echo = Measurement.merge(echoRounds);
    Measurement resolve = Measurement.merge(resolveRounds);
    String rate =
        Table.format(
            " at %.0f/s (70 %% of %.0f/s, the lower closed-loop maximum of ResolveInbound %.0f/s and"
                + " the echo %.0f/s), ≤ 64 in flight",
            resolveRate, bothCarry, resolveMax.throughput(), echoMax.throughput());
    table.add("10", "bare gRPC echo, open loop" + rate + " (baseline)", echo);
    double p99 = resolve.percentileMillis(99) / echo.percentileMillis(99);
    double p999 = resolve.percentileMillis(99.9) / echo.percentileMillis(99.9);
    table.add(
        new Table.Row(
            "10",
            "ResolveInbound, open loop" + rate,
            resolve,
            Table.format("%.2f p99, %.2f p99.9 (÷ echo)", p99, p999),
            "p99 ≤ 1.5 × echo",
            p99 <= 1.5 ? "ok" : "MISSED"));
    double getRate = 0.7 * getMax.throughput();
    Measurement get = open.run("open-get", getRate, sendGet(tenant, set));
    table.add(
        "10",
        Table.format(
            "GetPhoneNumber, open loop at %.0f/s (70 %% of %.0f/s closed-loop), ≤ 64 in flight",
            getRate, getMax.throughput()),
        get);
  }

  /** The best closed-loop measurement so far of the loads whose keys start with {@code prefix}. */
  private Optional<Measurement> closedLoopMaximum(String prefix) {
    return closedLoop.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue)
        .max(java.util.Comparator.comparingDouble(Measurement::throughput));
  }

  /** Row 10's calls: answers handled on the client's event loop, where they arrive. */
  private static final CallOptions ANSWERED_IN_PLACE =
      CallOptions.DEFAULT.withExecutor(MoreExecutors.directExecutor());

  private static <Q, R> void sendAsync(
      io.grpc.Channel channel,
      io.grpc.MethodDescriptor<Q, R> method,
      Q request,
      java.util.function.Function<R, Throwable> check,
      java.util.function.Consumer<Throwable> done) {
    ClientCalls.asyncUnaryCall(
        channel.newCall(method, ANSWERED_IN_PLACE),
        request,
        new StreamObserver<R>() {
          private Throwable refused;

          @Override
          public void onNext(R response) {
            refused = check.apply(response);
          }

          @Override
          public void onError(Throwable error) {
            done.accept(error);
          }

          @Override
          public void onCompleted() {
            done.accept(refused);
          }
        });
  }

  private static OpenLoopGenerator.AsyncCall sendResolve(
      Grpc grpc, ResolveInboundRequest[] requests) {
    var rnd = new SplittableRandom(1);
    return done ->
        sendAsync(
            grpc.channel,
            RoutingServiceGrpc.getResolveInboundMethod(),
            requests[rnd.nextInt(requests.length)],
            response ->
                response.getRoutable()
                    ? null
                    : new IllegalStateException("not routable: " + response.getUnroutableReason()),
            done);
  }

  private static OpenLoopGenerator.AsyncCall sendEcho(Grpc bare, ResolveInboundRequest[] requests) {
    var rnd = new SplittableRandom(1);
    return done ->
        sendAsync(
            bare.channel,
            EchoServer.ECHO,
            requests[rnd.nextInt(requests.length)],
            response -> null,
            done);
  }

  private static OpenLoopGenerator.AsyncCall sendGet(Grpc grpc, WorkingSet set) {
    var rnd = new SplittableRandom(1);
    return done ->
        sendAsync(
            grpc.channel,
            PhoneNumberServiceGrpc.getGetPhoneNumberMethod(),
            GetPhoneNumberRequest.newBuilder()
                .setPhoneNumber(ref().setId(set.ids[rnd.nextInt(set.ids.length)].toString()))
                .build(),
            response -> null,
            done);
  }

  // ---- row 4: REST vs gRPC
  // ------------------------------------------------------------------------------------

  private Measurement rowRestVersusGrpc(
      LoadGenerator.Workload restGet, Supplier<Measurement> grpcGetLoad) {
    progress.println(
        "row 4: GetPhoneNumber over gRPC and Mindhunters GET over HTTP keep-alive, in turns");
    Measurement[] turns =
        inTurns(grpcGetLoad, () -> halfLoad.run("rest-get", DB_CONCURRENCY, restGet));
    Measurement grpcGet = turns[0];
    Measurement rest = turns[1];
    table.add("2/4", "GetPhoneNumber over gRPC (baseline of 4)", grpcGet);
    addRatio(
        "4", "Mindhunters GET /api/v1/phone-numbers/{uuid}", rest, grpcGet, 0.7, "≥ 0.70 × gRPC");
    return grpcGet;
  }

  // ---- row 6: metrics on vs off
  // -------------------------------------------------------------------------------

  /**
   * @param a a replica with metrics on, started just before B so that the two differ in nothing
   *     else
   */
  private void rowMetricsCost(Instance a, Grpc grpcA, Grpc grpcB, WorkingSet set) {
    progress.println(
        "row 6: ResolveInbound with metrics off (replica B) and on (replica C, scraped every second)");
    ResolveInboundRequest[] requests = set.resolveRequests();
    AtomicInteger scrapes = new AtomicInteger();
    Runnable scraper =
        () -> {
          HttpClient http = HttpClient.newHttpClient();
          HttpRequest scrape = scrapeRequest(a);
          try {
            while (!Thread.currentThread().isInterrupted()) {
              if (http.send(scrape, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                scrapes.incrementAndGet();
              }
              Thread.sleep(1000);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            progress.println("scrape failed: " + e);
          }
        };
    // in turns, so that drifts of a shared machine fall on both sides alike
    List<Measurement> offRounds = new ArrayList<>();
    List<Measurement> onRounds = new ArrayList<>();
    // many short rounds each side, in the order off on on off off on …, so that neither side always
    // goes first: two rounds of 10 s gave losses from -3.6 % to 8.4 % for the same code, and six of
    // 5 s still -1.9 % to 7.4 %, single rounds -7.6 % to 11.8 % (eighth pass); the mean of more
    // pairs narrows by the square root of their number
    LoadGenerator roundLoad =
        new LoadGenerator(
            min(options.warmup, ROW6_ROUND_WARMUP),
            min(options.measure.dividedBy(2), ROW6_ROUND_MEASURE),
            CpuMeter.thisProcess());
    for (int round = 0; round < ROW6_ROUNDS; round++) {
      boolean offFirst = round % 2 == 0;
      if (offFirst) {
        offRounds.add(
            resolveLoad(roundLoad, "metrics-off", DB_CONCURRENCY, grpcB, requests, () -> {}));
      }
      onRounds.add(resolveLoad(roundLoad, "metrics-on", DB_CONCURRENCY, grpcA, requests, scraper));
      if (!offFirst) {
        offRounds.add(
            resolveLoad(roundLoad, "metrics-off", DB_CONCURRENCY, grpcB, requests, () -> {}));
      }
    }
    for (int round = 0; round < ROW6_ROUNDS; round++) {
      progress.printf(
          "row 6 round %d: metrics off %.0f/s, on %.0f/s, loss %.1f %%%n",
          round + 1,
          offRounds.get(round).throughput(),
          onRounds.get(round).throughput(),
          100 * (1 - onRounds.get(round).throughput() / offRounds.get(round).throughput()));
    }
    Measurement off = Measurement.merge(offRounds);
    Measurement on = Measurement.merge(onRounds);
    table.add("6", "ResolveInbound, metrics off (baseline)", off);
    double loss = 1 - on.throughput() / off.throughput();
    table.add(
        new Table.Row(
            "6",
            "ResolveInbound, metrics on + " + scrapes.get() + " scrapes",
            on,
            ratioText(on.throughput() / off.throughput())
                + Table.format(" (loss %.1f %%)", loss * 100),
            "loss ≤ 3 %",
            loss <= 0.03 ? "ok" : "MISSED"));
  }

  static final int ROW6_ROUNDS = 16;

  /** Both replicas are warm after the first round; a second per round settles the switch. */
  static final Duration ROW6_ROUND_WARMUP = Duration.ofSeconds(1);

  static final Duration ROW6_ROUND_MEASURE = Duration.ofSeconds(3);

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Where replica A ran its ResolveInbound calls, from its own counters on {@code /metrics}: on the
   * event loop, or on a call thread because the loop had spent its share
   * (SWITCHBOARD_GRPC_IN_PLACE_PERCENT). Printed with rows 1 and 10, warm-ups included.
   */
  private record InPlaceCounts(long inPlace, long offBusyLoop) {

    static InPlaceCounts of(Instance instance) {
      try {
        String text =
            HttpClient.newHttpClient()
                .send(scrapeRequest(instance), HttpResponse.BodyHandlers.ofString())
                .body();
        return new InPlaceCounts(
            counter(text, "switchboard_grpc_calls_in_place_total"),
            counter(text, "switchboard_grpc_calls_off_busy_loop_total"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private static long counter(String exposition, String name) {
      return exposition
          .lines()
          .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
          .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
          .sum();
    }

    String until(Instance instance) {
      InPlaceCounts after = of(instance);
      return Table.format(
          "%d ResolveInbound calls on the event loop, %d sent to call threads off a busy loop",
          after.inPlace - inPlace, after.offBusyLoop - offBusyLoop);
    }
  }

  private static HttpRequest scrapeRequest(Instance instance) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + instance.switchboard.managementPort() + "/metrics"))
        .build();
  }

  /**
   * Prometheus's scrape, as fast as it answers. Row 6 scrapes once a second, too rarely for the JIT
   * to compile the scrape's path (the registry's text output, the gauges, the management server)
   * within the row: profiles of row 6 showed C2 busy in every metrics-on round to the last (5.8 %
   * of the rounds' CPU samples against 0.6 % in the metrics-off rounds) and the first scrapes
   * loading classes, a warm-up cost a replica pays once in its life and that was charged to the
   * metrics.
   */
  private static LoadGenerator.Workload scrapeWorkload(Instance instance) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest scrape = scrapeRequest(instance);
    return w ->
        () -> {
          int status = http.send(scrape, HttpResponse.BodyHandlers.ofString()).statusCode();
          if (status != 200) {
            throw new IllegalStateException("scrape answered HTTP " + status);
          }
        };
  }

  // ---- row 7: cache coherence across two replicas
  // -------------------------------------------------------------

  private void rowCoherence(Grpc grpcA, Grpc routingA, Grpc grpcB, WorkingSet set) {
    progress.println("row 7: write on replica A, poll replica B until it routes the new state");
    var writer = PhoneNumberServiceGrpc.newBlockingStub(grpcA.channel);
    var reader = RoutingServiceGrpc.newBlockingStub(grpcB.channel);
    Histogram propagation = Measurement.newHistogram();
    int timeouts = 0;
    long polls = 0;
    for (int sample = 0; sample < options.coherenceSamples; sample++) {
      int index = sample % 100;
      String label = "coherence-" + sample;
      String number = set.number(index);
      reader.resolveInbound(resolveRequest(number)); // B holds the old route in its cache
      writer.updatePhoneNumber(
          UpdatePhoneNumberRequest.newBuilder()
              .setPhoneNumber(
                  PhoneNumber.newBuilder()
                      .setId(set.ids[index].toString())
                      .setRouting(Routing.newBuilder().setLabel(label)))
              .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
              .setRequestId(UUID.randomUUID().toString())
              .build());
      long acknowledged = System.nanoTime();
      long deadline = acknowledged + TimeUnit.SECONDS.toNanos(5);
      while (true) {
        polls++;
        if (reader.resolveInbound(resolveRequest(number)).getLabel().equals(label)) {
          propagation.recordValue(Math.max(1, (System.nanoTime() - acknowledged) / 1000));
          break;
        }
        if (System.nanoTime() > deadline) {
          timeouts++;
          break;
        }
      }
    }
    Measurement m =
        new Measurement(
            "coherence",
            1,
            propagation.getTotalCount(),
            timeouts,
            0,
            propagation,
            Double.NaN,
            timeouts > 0 ? timeouts + " samples not visible on B within 5 s" : null);
    double p99 = m.percentileMillis(99);
    table.add(
        new Table.Row(
            "7",
            "write on A → route served by B ("
                + propagation.getTotalCount()
                + " samples, "
                + polls
                + " polls)",
            m,
            "",
            "p99 ≤ 50 ms",
            timeouts == 0 && p99 <= 50 ? "ok" : "MISSED"));
    rowReadYourWrites(grpcA, routingA, grpcB, set);
  }

  /**
   * Rows 7a and 7b: one resolve right after each acknowledged write, never a poll. 7a asks the
   * writing replica (it applies its own writes before answering); 7b asks the other replica with
   * the write's revision as min_revision. Latency is from the write's acknowledgement to the
   * answer; any answer showing the older label counts as stale.
   */
  private void rowReadYourWrites(Grpc grpcA, Grpc routingA, Grpc grpcB, WorkingSet set) {
    progress.println(
        "row 7a/7b: write on A, one resolve on A, and one on B with the write's revision");
    var readerA = RoutingServiceGrpc.newBlockingStub(routingA.channel);
    var readerB = RoutingServiceGrpc.newBlockingStub(grpcB.channel);
    String[] variants = {"7a", "7b"};
    for (String variant : variants) {
      boolean sameReplica = variant.equals("7a");
      var reader = sameReplica ? readerA : readerB;
      Histogram latency = Measurement.newHistogram();
      int stale = 0;
      for (int sample = 0; sample < options.coherenceSamples; sample++) {
        int index = sample % 100;
        String label = "ryw-" + variant + "-" + sample;
        String number = set.number(index);
        reader.resolveInbound(
            resolveRequest(number)); // the reader holds the old route in its cache
        AtomicReference<Metadata> headers = new AtomicReference<>();
        PhoneNumberServiceGrpc.newBlockingStub(grpcA.channel)
            .withInterceptors(
                MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
            .updatePhoneNumber(
                UpdatePhoneNumberRequest.newBuilder()
                    .setPhoneNumber(
                        PhoneNumber.newBuilder()
                            .setId(set.ids[index].toString())
                            .setRouting(Routing.newBuilder().setLabel(label)))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                    .setRequestId(UUID.randomUUID().toString())
                    .build());
        long acknowledged = System.nanoTime();
        long revision = Long.parseLong(headers.get().get(REVISION_HEADER));
        ResolveInboundRequest request =
            sameReplica
                ? resolveRequest(number)
                : resolveRequest(number).toBuilder().setMinRevision(revision).build();
        boolean fresh = reader.resolveInbound(request).getLabel().equals(label);
        latency.recordValue(Math.max(1, (System.nanoTime() - acknowledged) / 1000));
        stale += fresh ? 0 : 1;
      }
      Measurement m =
          new Measurement(
              "read-your-writes " + variant,
              1,
              latency.getTotalCount(),
              stale,
              0,
              latency,
              Double.NaN,
              stale > 0 ? stale + " stale answers" : null);
      table.add(
          new Table.Row(
              variant,
              (sameReplica
                      ? "write on A → one resolve on A"
                      : "write on A → one resolve on B" + " with min_revision")
                  + " ("
                  + latency.getTotalCount()
                  + " samples, "
                  + stale
                  + " stale)",
              m,
              "",
              "0 stale",
              stale == 0 ? "ok" : "MISSED"));
    }
  }

  private static final Metadata.Key<String> REVISION_HEADER =
      Metadata.Key.of("x-switchboard-revision", Metadata.ASCII_STRING_MARSHALLER);

  // ---- rows 5 and 8: a million numbers
  // ------------------------------------------------------------------------

  private void rowListingAndMemory(BenchDatabase db, Instance a, Principal admin) throws Exception {
    var services = a.switchboard.services();
    RequestContext adminCtx = context(admin);
    Organization org =
        services
            .createOrganization()
            .createOrganization(adminCtx, "bench-listing", Optional.empty());
    String key =
        services
            .createApiKey()
            .createApiKey(adminCtx, org.id(), "bench-listing", EnumSet.of(Scope.NUMBERS_READ))
            .secret();
    int count = options.listingNumbers;
    progress.println("loading " + count + " numbers into one organization with COPY");
    long copyStarted = System.nanoTime();
    try (Connection c = db.connect()) {
      BenchDatabase.copyNumbers(
          c,
          org.id().value(),
          LISTING_FIRST_SUBSCRIBER,
          count,
          AGENT,
          Instant.parse("2024-01-01T00:00:00Z"),
          true,
          false);
    }
    double copySeconds = (System.nanoTime() - copyStarted) / 1e9;
    progress.printf("loaded in %.1f s%n", copySeconds);
    if (options.runs(5)) {
      rowListing(a, key, count);
    }
    if (options.runs(8)) {
      rowMemory(a);
    }
  }

  private void rowListing(Instance a, String key, int count) {
    try (Grpc grpc = new Grpc(a.switchboard.grpcPort(), key)) {
      var stub = PhoneNumberServiceGrpc.newBlockingStub(grpc.channel);
      ListPhoneNumbersRequest first =
          ListPhoneNumbersRequest.newBuilder()
              .setFilter(LIST_FILTER)
              .setOrderBy(LIST_ORDER)
              .setPageSize(25)
              .build();
      int deep = Math.min(options.deepPosition, count / 2);
      progress.println("row 5: walking the page tokens to position " + deep);
      String token = "";
      int position = 0;
      while (position < deep) {
        int size = Math.min(1000, deep - position);
        ListPhoneNumbersResponse page =
            stub.listPhoneNumbers(first.toBuilder().setPageSize(size).setPageToken(token).build());
        position += page.getPhoneNumbersCount();
        token = page.getNextPageToken();
        if (token.isEmpty()) {
          throw new IllegalStateException("the list ended at position " + position);
        }
      }
      ListPhoneNumbersRequest deepRequest = first.toBuilder().setPageToken(token).build();
      progress.println("row 5: first page and deep page of 25");
      Measurement firstPage =
          load.run("list-first", 1, w -> () -> expect25(stub.listPhoneNumbers(first)));
      Measurement deepPage =
          load.run("list-deep", 1, w -> () -> expect25(stub.listPhoneNumbers(deepRequest)));
      String what = Table.format("ListPhoneNumbers 25, %,d in org, filter+sort by number", count);
      boolean firstOk = firstPage.percentileMillis(99) <= 10;
      table.add(
          new Table.Row(
              "5", what + ", page 1", firstPage, "", "p99 ≤ 10 ms", firstOk ? "ok" : "MISSED"));
      double ratio = deepPage.percentileMillis(50) / firstPage.percentileMillis(50);
      boolean deepOk = deepPage.percentileMillis(99) <= 10 && ratio <= 1.2;
      table.add(
          new Table.Row(
              "5",
              Table.format("same, deep page at position %,d (page token)", deep),
              deepPage,
              ratioText(ratio) + " (deep ÷ first, p50)",
              "p99 ≤ 10 ms, ≤ 1.2",
              deepOk ? "ok" : "MISSED"));
    }
  }

  private static void expect25(ListPhoneNumbersResponse response) {
    if (response.getPhoneNumbersCount() != 25) {
      throw new IllegalStateException(
          "expected 25 numbers, got " + response.getPhoneNumbersCount());
    }
  }

  /**
   * The route cache is a complete copy of every held number's route, loaded in bulk when a replica
   * starts. Row 5's COPY wrote its numbers around the change feed, so reloading the cache now
   * measures exactly that bulk load: its time, and the heap the new routes take.
   */
  private void rowMemory(Instance a) {
    var cache = a.switchboard.services().routeCache();
    long heapBefore = usedHeapAfterGc();
    long rssBefore = CpuMeter.residentSetBytes();
    int entriesBefore = cache.size();
    progress.println(
        "row 8: loading every route into the cache (the bulk load a starting replica does)");
    long started = System.nanoTime();
    cache.reload();
    double seconds = (System.nanoTime() - started) / 1e9;
    long heapAfter = usedHeapAfterGc();
    long rssAfter = CpuMeter.residentSetBytes();
    int added = cache.size() - entriesBefore;
    double cacheMiB = (heapAfter - heapBefore) / 1048576.0;
    double perEntry = added == 0 ? Double.NaN : (double) (heapAfter - heapBefore) / added;
    double projectedMiB = perEntry * 1_000_000 / 1048576.0;
    double projectedSeconds = seconds * 1_000_000 / cache.size();
    boolean million = added >= 1_000_000;
    String what =
        Table.format(
            "route cache +%,d entries: bulk load of all %,d routes in %.1f s%s; heap +%.0f MiB"
                + " (%.0f B/entry%s), heap used %.0f MiB, process RSS %.0f MiB (+%.0f)",
            added,
            cache.size(),
            seconds,
            cache.size() >= 1_000_000
                ? ""
                : Table.format(" (⇒ %.1f s at 1,000,000)", projectedSeconds),
            cacheMiB,
            perEntry,
            million ? "" : Table.format(", ⇒ %.0f MiB at 1,000,000", projectedMiB),
            heapAfter / 1048576.0,
            rssAfter / 1048576.0,
            (rssAfter - rssBefore) / 1048576.0);
    double judgedMiB = million ? cacheMiB : projectedMiB;
    double judgedSeconds = cache.size() >= 1_000_000 ? seconds : projectedSeconds;
    table.add(
        new Table.Row(
            "8",
            what,
            null,
            "",
            "≤ 300 MiB heap, load ≤ 20 s",
            judgedMiB <= 300 && judgedSeconds <= 20 ? "ok" : "MISSED"));
  }

  private static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      LoadGenerator.sleep(Duration.ofMillis(200));
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  // ---- workloads: one request each, shared by the rows and the JIT warm-up
  // -----------------------------------

  private static LoadGenerator.Workload resolveWorkload(
      Grpc grpc, ResolveInboundRequest[] requests) {
    return w -> {
      var rnd = new SplittableRandom(w);
      var stub = RoutingServiceGrpc.newBlockingStub(grpc.channel);
      return () -> {
        ResolveInboundResponse response =
            stub.resolveInbound(requests[rnd.nextInt(requests.length)]);
        if (!response.getRoutable()) {
          throw new IllegalStateException("not routable: " + response.getUnroutableReason());
        }
      };
    };
  }

  private static LoadGenerator.Workload echoWorkload(Grpc bare, ResolveInboundRequest[] requests) {
    return w -> {
      var rnd = new SplittableRandom(w);
      return () ->
          ClientCalls.blockingUnaryCall(
              bare.channel,
              EchoServer.ECHO,
              CallOptions.DEFAULT,
              requests[rnd.nextInt(requests.length)]);
    };
  }

  private static LoadGenerator.Workload grpcGetWorkload(Grpc grpc, WorkingSet set) {
    return w -> {
      var rnd = new SplittableRandom(w);
      var stub = PhoneNumberServiceGrpc.newBlockingStub(grpc.channel);
      return () ->
          stub.getPhoneNumber(
              GetPhoneNumberRequest.newBuilder()
                  .setPhoneNumber(ref().setId(set.ids[rnd.nextInt(set.ids.length)].toString()))
                  .build());
    };
  }

  /**
   * Each worker keeps its own keep-alive connection across the runs (workers of successive runs
   * share an index); they are closed with {@link #closeHttpConnections}.
   */
  private LoadGenerator.Workload restGetWorkload(Instance a, String apiKey, WorkingSet set) {
    int port = a.switchboard.httpPort();
    return w -> {
      var rnd = new SplittableRandom(w);
      KeepAliveHttpClient http =
          httpConnections.computeIfAbsent(w, k -> new KeepAliveHttpClient("127.0.0.1", port));
      return () -> {
        KeepAliveHttpClient.Response response =
            http.get(
                "/api/v1/phone-numbers/" + set.ids[rnd.nextInt(set.ids.length)],
                "Bearer " + apiKey);
        if (response.status() != 200) {
          throw new IllegalStateException(
              "HTTP " + response.status() + ": " + new String(response.body()));
        }
      };
    };
  }

  /**
   * Labels never used before in this run: a worker's random sequence restarts with each load (the
   * JIT warm-up's rounds, then the row), and a label a number already has is an update that changes
   * nothing and writes nothing (until 2026-11-30's fifth pass, the row's first updates of each
   * worker repeated the warm-up's and were such no-ops).
   */
  private static final java.util.concurrent.atomic.AtomicLong FRESH_LABELS =
      new java.util.concurrent.atomic.AtomicLong();

  private static LoadGenerator.Workload updateWorkload(Grpc grpc, WorkingSet set) {
    return w -> {
      var rnd = new SplittableRandom(w * 7919L + 1);
      var stub = PhoneNumberServiceGrpc.newBlockingStub(grpc.channel);
      return () ->
          stub.updatePhoneNumber(
              UpdatePhoneNumberRequest.newBuilder()
                  .setPhoneNumber(
                      PhoneNumber.newBuilder()
                          .setId(set.ids[rnd.nextInt(set.ids.length)].toString())
                          .setRouting(
                              Routing.newBuilder()
                                  .setLabel("label-" + FRESH_LABELS.incrementAndGet())))
                  .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
                  .setRequestId(UUID.randomUUID().toString())
                  .build());
    };
  }

  private static LoadGenerator.Workload useCaseGetWorkload(
      Instance a, Principal principal, WorkingSet set) {
    var numbers = a.switchboard.services().getPhoneNumber();
    return w -> {
      var rnd = new SplittableRandom(w);
      return () ->
          numbers.get(
              context(principal),
              PhoneNumberRef.of(new PhoneNumberId(set.ids[rnd.nextInt(set.ids.length)])));
    };
  }

  private static LoadGenerator.Workload rawGetWorkload(RawJdbcReads jdbc, WorkingSet set) {
    return w -> {
      var rnd = new SplittableRandom(w);
      return () -> jdbc.getPhoneNumber(set.organization, set.ids[rnd.nextInt(set.ids.length)]);
    };
  }

  /** The workloads of the selected rows 1 to 4 and 6, by name, for the JIT warm-up. */
  private Map<String, LoadGenerator.Workload> jitWorkloads(
      Instance a,
      Principal principal,
      WorkingSet set,
      Grpc grpc,
      Grpc routing,
      Grpc bare,
      LoadGenerator.Workload restGet,
      RawJdbcReads jdbc) {
    Map<String, LoadGenerator.Workload> workloads = new LinkedHashMap<>();
    if (options.runs(1) || options.runs(6) || options.runs(10)) {
      ResolveInboundRequest[] requests = set.resolveRequests();
      workloads.put("resolve", resolveWorkload(routing, requests));
      workloads.put("echo", echoWorkload(bare, requests));
    }
    if (options.runs(2) || options.runs(4) || options.runs(10)) {
      workloads.put("grpc-get", grpcGetWorkload(grpc, set));
    }
    if (options.runs(2)) {
      workloads.put("usecase-get", useCaseGetWorkload(a, principal, set));
      workloads.put("raw-jdbc-get", rawGetWorkload(jdbc, set));
    }
    if (options.runs(4)) {
      workloads.put("rest-get", restGet);
    }
    if (options.runs(3)) {
      workloads.put("grpc-update", updateWorkload(grpc, set));
    }
    if (options.runs(6)) {
      workloads.put("scrape", scrapeWorkload(a));
    }
    return workloads;
  }

  /**
   * Runs the workloads in turns, at low concurrency, until the JIT compilers go quiet: on two cores
   * the server's code needs a minute or more of load before C2 has compiled its hot paths
   * (GetPhoneNumber over gRPC climbs from about 100 to about 4,000 requests/s), far longer than a
   * row's own warm-up. Without this the rows measured the JIT, and whichever side ran first paid
   * for it. Compiler time comes from the JVM's CompilationMXBean.
   */
  private void warmUpJit(Map<String, LoadGenerator.Workload> workloads) {
    if (workloads.isEmpty() || options.jitWarmup.isZero()) {
      return; // the summary stays "none"
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    LoadGenerator slice =
        new LoadGenerator(Duration.ZERO, JIT_WARMUP_SLICE, CpuMeter.thisProcess());
    long started = System.nanoTime();
    long deadline = started + options.jitWarmup.toNanos();
    int round = 0;
    double busy;
    do {
      round++;
      long compileBefore = jit.getTotalCompilationTime();
      long roundStarted = System.nanoTime();
      StringBuilder rates = new StringBuilder();
      workloads.forEach((name, workload) ->
          rates.append(
              Table.format(
                  " %s %.0f/s",
                  name, slice.run("warm-" + name, JIT_WARMUP_CONCURRENCY, workload).throughput())));
      double roundMillis = (System.nanoTime() - roundStarted) / 1e6;
      busy = (jit.getTotalCompilationTime() - compileBefore) / roundMillis;
      progress.printf(
          "JIT warm-up round %d: compilers busy %.0f %% of the round;%s%n",
          round, busy * 100, rates);
    } while (busy > JIT_QUIET && System.nanoTime() < deadline);
    jitWarmupSummary =
        Table.format(
            "JIT warm-up: %d rounds of %d workloads × %d s at concurrency %d, %.0f s;"
                + " compilers busy %.0f %% of the last round%s",
            round,
            workloads.size(),
            JIT_WARMUP_SLICE.toSeconds(),
            JIT_WARMUP_CONCURRENCY,
            (System.nanoTime() - started) / 1e9,
            busy * 100,
            busy > JIT_QUIET ? " (cap reached before they went quiet)" : "");
  }

  private void closeHttpConnections() {
    httpConnections.values().forEach(KeepAliveHttpClient::close);
    httpConnections.clear();
  }

  // ---- shared
  // ---------------------------------------------------------------------------------------------

  /**
   * Measures two workloads in turns (a, b, b, a), each round half the measured window: a machine
   * that drifts during the four loads (the JIT, the page cache, a neighbour) favours neither side,
   * where a, b, a, b favoured b.
   */
  private Measurement[] inTurns(Supplier<Measurement> a, Supplier<Measurement> b) {
    List<Measurement> as = new ArrayList<>();
    List<Measurement> bs = new ArrayList<>();
    as.add(a.get());
    bs.add(b.get());
    bs.add(b.get());
    as.add(a.get());
    return new Measurement[] {Measurement.merge(as), Measurement.merge(bs)};
  }

  /** Puts every number of the working set into the instance's route cache. */
  private void fillRouteCache(Instance instance, String apiKey) {
    warmRoutes(
        instance,
        instance.switchboard.services().authenticate().authenticate(apiKey),
        WORKING_SET_FIRST_SUBSCRIBER,
        WORKING_SET,
        2);
  }

  /** Resolves every number once through the use case, so the cache holds them all. */
  private void warmRoutes(
      Instance instance, Principal principal, long firstSubscriber, int count, int threads) {
    var routing = instance.switchboard.services().resolveInbound();
    AtomicLong next = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(() -> {
              long i;
              while ((i = next.getAndIncrement()) < count) {
                try {
                  routing.resolve(
                      context(principal),
                      "+1208" + (firstSubscriber + i),
                      BindingChannel.CALL,
                      Optional.empty());
                } catch (RuntimeException e) {
                  if (failures.getAndIncrement() == 0) {
                    progress.println("resolve failed: " + e);
                  }
                }
              }
            }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdown();
    }
  }

  private static RequestContext context(Principal principal) {
    return RequestContext.of(principal, RequestId.random(), SourceApi.GRPC);
  }

  private void addRatio(
      String id,
      String what,
      Measurement ours,
      Measurement baseline,
      double target,
      String targetText) {
    double ratio = ours.throughput() / baseline.throughput();
    table.add(
        new Table.Row(
            id, what, ours, ratioText(ratio), targetText, ratio >= target ? "ok" : "MISSED"));
  }

  private static String ratioText(double ratio) {
    return Table.format("%.2f", ratio);
  }

  private static Builder ref() {
    return io.switchboard.proto.v1.PhoneNumberRef.newBuilder();
  }

  static ResolveInboundRequest resolveRequest(String number) {
    return ResolveInboundRequest.newBuilder()
        .setCalledNumber(number)
        .setChannel(Channel.CHANNEL_CALL)
        .build();
  }

  /** The numbers of the default organization the load rows use. */
  record WorkingSet(UUID organization, UUID[] ids) {
    String number(int index) {
      return "+1208" + (WORKING_SET_FIRST_SUBSCRIBER + index);
    }

    ResolveInboundRequest[] resolveRequests() {
      var requests = new ResolveInboundRequest[ids.length];
      for (int i = 0; i < ids.length; i++) {
        requests[i] = resolveRequest(number(i));
      }
      return requests;
    }

    /** As a router sends them when it screens callers and reports its calls in progress. */
    ResolveInboundRequest[] resolveRequestsWithCallerAndActiveCalls() {
      var requests = new ResolveInboundRequest[ids.length];
      for (int i = 0; i < ids.length; i++) {
        requests[i] =
            resolveRequest(number(i)).toBuilder()
                .setCaller("+1415555" + (1000 + i % 9000))
                .setActiveCalls(i % 4)
                .build();
      }
      return requests;
    }
  }

  /** One plaintext HTTP/2 channel with the API key attached to every call; all workers share it. */
  static final class Grpc implements AutoCloseable {
    final io.grpc.Channel channel;
    final String apiKey;
    private final ManagedChannel managed;

    Grpc(int port, String apiKey) {
      this.apiKey = apiKey;
      managed = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
      ClientInterceptor auth = MetadataUtils.newAttachHeadersInterceptor(headers);
      channel = ClientInterceptors.intercept(managed, auth);
    }

    @Override
    public void close() {
      managed.shutdownNow();
    }
  }

  /**
   * A Switchboard started the way {@code Main} starts it, on free ports, against the benchmark
   * database.
   */
  record Instance(Switchboard switchboard) implements AutoCloseable {
    static final int RATE_LIMIT = 1_000_000;

    static Instance start(
        BenchDatabase db, String apiKey, String secretKey, boolean metrics, Path workDir) {
      return start(db, db.target().jdbcUrl(), apiKey, secretKey, metrics, workDir);
    }

    static Instance start(
        BenchDatabase db,
        String jdbcUrl,
        String apiKey,
        String secretKey,
        boolean metrics,
        Path workDir) {
      Map<String, String> env = new HashMap<>();
      env.put(Config.DATABASE_URL, jdbcUrl);
      env.put(Config.GRPC_PORT, "0");
      env.put(Config.HTTP_PORT, "0");
      env.put(Config.MANAGEMENT_PORT, "0");
      env.put(Config.SHUTDOWN_DRAIN_SECONDS, "0");
      env.put(Config.SECRET_KEY, secretKey);
      env.put(Config.BOOTSTRAP_API_KEY, apiKey);
      // on, as in a deployment, and far above any load the rows offer: the limiter's cost is part
      // of the service
      env.put(Config.RATE_LIMIT_PER_SECOND, Integer.toString(RATE_LIMIT));
      env.put(Config.INTERNAL_RATE_LIMIT_PER_SECOND, Integer.toString(RATE_LIMIT));
      env.put(Config.SHUTDOWN_GRACE_SECONDS, "1");
      env.put(Config.DATA_DIR, workDir.resolve("data").toString());
      env.put(Config.METRICS_ENABLED, Boolean.toString(metrics));
      // the replicas run in this process: their access lines would flood the table's own console,
      // at tens of
      // thousands a second, and measure the terminal rather than the service
      env.put(Config.ACCESS_LOG, "false");
      // for a developer comparing the event loop's share for in-place calls; unset in a recorded
      // run, which measures the default
      Optional.ofNullable(System.getenv(Config.GRPC_IN_PLACE_PERCENT))
          .ifPresent(percent -> env.put(Config.GRPC_IN_PLACE_PERCENT, percent));
      return new Instance(Switchboard.start(Config.fromEnvironment(env)));
    }

    @Override
    public void close() {
      switchboard.shutdown();
    }
  }

  /** Command-line options; {@code --quick} is a smoke run of a few seconds per row. */
  record Options(
      boolean quick,
      Duration warmup,
      Duration measure,
      Set<Integer> rows,
      int listingNumbers,
      int cacheNumbers,
      int deepPosition,
      int coherenceSamples,
      Duration jitWarmup) {

    /**
     * No longer read: row 8 bulk-loads every number row 5's COPY wrote ({@code --listing-numbers}),
     * since the route cache is a complete copy. Still accepted so that older command lines run.
     */
    static final int FULL_RUN_CACHE_NUMBERS = 100_000;

    /** The JIT warm-up's cap; it ends earlier once the compilers are quiet. */
    static final int FULL_RUN_JIT_WARMUP_SECONDS = 180;

    static Options parse(String[] args) {
      boolean quick = false;
      Set<Integer> rows = new LinkedHashSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
      Integer listing = null;
      Integer cache = null;
      Integer deep = null;
      Integer warmupSeconds = null;
      Integer measureSeconds = null;
      Integer jitSeconds = null;
      for (String arg : args) {
        if (arg.equals("--quick")) {
          quick = true;
        } else if (arg.startsWith("--rows=")) {
          rows.clear();
          for (String r : arg.substring("--rows=".length()).split(",")) {
            rows.add(Integer.parseInt(r.trim()));
          }
        } else if (arg.startsWith("--listing-numbers=")) {
          listing = Integer.parseInt(arg.substring("--listing-numbers=".length()).replace("_", ""));
        } else if (arg.startsWith("--cache-numbers=")) {
          cache = Integer.parseInt(arg.substring("--cache-numbers=".length()).replace("_", ""));
        } else if (arg.startsWith("--deep-position=")) {
          deep = Integer.parseInt(arg.substring("--deep-position=".length()).replace("_", ""));
        } else if (arg.startsWith("--warmup=")) {
          warmupSeconds = Integer.parseInt(arg.substring("--warmup=".length()));
        } else if (arg.startsWith("--jit-warmup=")) {
          jitSeconds = Integer.parseInt(arg.substring("--jit-warmup=".length()));
        } else if (arg.startsWith("--measure=")) {
          measureSeconds = Integer.parseInt(arg.substring("--measure=".length()));
        } else {
          throw new IllegalArgumentException(
              "unknown option "
                  + arg
                  + "; known: --quick --rows=1,2,… --listing-numbers=N --cache-numbers=N --deep-position=N"
                  + " --warmup=SECONDS --measure=SECONDS --jit-warmup=SECONDS");
        }
      }
      Options defaults =
          quick
              ? new Options(
                  true,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(3),
                  rows,
                  listing == null ? 50_000 : listing,
                  cache == null ? 50_000 : cache,
                  deep == null ? 10_000 : deep,
                  30,
                  Duration.ofSeconds(10))
              : new Options(
                  false,
                  Duration.ofSeconds(3),
                  Duration.ofSeconds(10),
                  rows,
                  listing == null ? 1_000_000 : listing,
                  cache == null ? FULL_RUN_CACHE_NUMBERS : cache,
                  deep == null ? 250_000 : deep,
                  200,
                  Duration.ofSeconds(FULL_RUN_JIT_WARMUP_SECONDS));
      return new Options(
          defaults.quick,
          warmupSeconds == null ? defaults.warmup : Duration.ofSeconds(warmupSeconds),
          measureSeconds == null ? defaults.measure : Duration.ofSeconds(measureSeconds),
          defaults.rows,
          defaults.listingNumbers,
          defaults.cacheNumbers,
          defaults.deepPosition,
          defaults.coherenceSamples,
          jitSeconds == null ? defaults.jitWarmup : Duration.ofSeconds(jitSeconds));
    }

    boolean runs(int row) {
      return rows.contains(row);
    }
  }
}
