package io.switchboard.bootstrap;

import io.switchboard.application.audit.ExportChangesService;
import io.switchboard.application.auth.ApiKeySecrets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the service reads from its environment, validated once at startup.
 *
 * @param externalDatabase the PostgreSQL to use; empty means an embedded one under {@code dataDir}
 * @param dataDir where the embedded database and the generated secret key live
 * @param secretKey empty only in embedded mode, where a key is generated into {@code dataDir}
 * @param bootstrapApiKey an API key to make sure exists with every scope, for a usable fresh
 *     deployment
 * @param rateLimitPerSecond requests per second allowed per API key
 * @param logLevel root log level (TRACE, DEBUG, INFO, WARN, ERROR or OFF)
 * @param metricsEnabled whether every gRPC call and HTTP request is timed and counted (off only to
 *     measure what that costs)
 * @param operations how the process runs in a cluster: management port, drain, connection age,
 *     migrations
 * @param telemetry log format, access log and the OpenTelemetry settings
 * @param dataAtRest earlier secret keys, retention of idempotency records and change events (issue
 *     13)
 * @param access who may do what how often, and where outbound calls may go (issue 13, access)
 * @param transport where the public ports listen and whether they speak TLS
 * @param streams limits on long-lived streams and concurrent calls
 * @param webhooks how lifecycle webhooks are delivered (issue 20)
 * @param jobs how bulk jobs run (issue 20)
 */
public record Config(
    Optional<ExternalDatabase> externalDatabase,
    Path dataDir,
    int grpcPort,
    int httpPort,
    Optional<SecretKeyMaterial> secretKey,
    Optional<String> bootstrapApiKey,
    Duration shutdownGrace,
    int rateLimitPerSecond,
    int databasePoolSize,
    int grpcThreads,
    String logLevel,
    boolean metricsEnabled,
    Operations operations,
    Telemetry telemetry,
    DataAtRest dataAtRest,
    Access access,
    Transport transport,
    StreamLimits streams,
    Webhooks webhooks,
    Jobs jobs) {

  public static final String DATABASE_URL = "SWITCHBOARD_DATABASE_URL";
  public static final String DATABASE_USER = "SWITCHBOARD_DATABASE_USER";
  public static final String DATABASE_PASSWORD = "SWITCHBOARD_DATABASE_PASSWORD";
  public static final String DATABASE_POOL_SIZE = "SWITCHBOARD_DATABASE_POOL_SIZE";
  public static final String GRPC_THREADS = "SWITCHBOARD_GRPC_THREADS";
  public static final String DATA_DIR = "SWITCHBOARD_DATA_DIR";
  public static final String GRPC_PORT = "SWITCHBOARD_GRPC_PORT";
  public static final String HTTP_PORT = "SWITCHBOARD_HTTP_PORT";
  public static final String SECRET_KEY = "SWITCHBOARD_SECRET_KEY";
  public static final String BOOTSTRAP_API_KEY = "SWITCHBOARD_BOOTSTRAP_API_KEY";
  public static final String SHUTDOWN_GRACE_SECONDS = "SWITCHBOARD_SHUTDOWN_GRACE_SECONDS";
  public static final String RATE_LIMIT_PER_SECOND = "SWITCHBOARD_RATE_LIMIT_PER_SECOND";
  public static final String LOG_LEVEL = "SWITCHBOARD_LOG_LEVEL";
  public static final String METRICS_ENABLED = "SWITCHBOARD_METRICS_ENABLED";
  public static final String MANAGEMENT_PORT = "SWITCHBOARD_MANAGEMENT_PORT";
  public static final String SHUTDOWN_DRAIN_SECONDS = "SWITCHBOARD_SHUTDOWN_DRAIN_SECONDS";
  public static final String WARMUP_SECONDS = "SWITCHBOARD_WARMUP_SECONDS";
  public static final String GRPC_MAX_CONNECTION_AGE_SECONDS =
      "SWITCHBOARD_GRPC_MAX_CONNECTION_AGE_SECONDS";
  public static final String MIGRATE_ON_START = "SWITCHBOARD_MIGRATE_ON_START";
  public static final String DATABASE_LISTEN_URL = "SWITCHBOARD_DATABASE_LISTEN_URL";

  public static final String SECRET_KEYS_PREVIOUS = "SWITCHBOARD_SECRET_KEYS_PREVIOUS";
  public static final String IDEMPOTENCY_TTL_HOURS = "SWITCHBOARD_IDEMPOTENCY_TTL_HOURS";
  public static final String CHANGE_RETENTION_DAYS = "SWITCHBOARD_CHANGE_RETENTION_DAYS";
  public static final String MAINTENANCE_INTERVAL_SECONDS =
      "SWITCHBOARD_MAINTENANCE_INTERVAL_SECONDS";
  public static final String INTERNAL_RATE_LIMIT_PER_SECOND =
      "SWITCHBOARD_INTERNAL_RATE_LIMIT_PER_SECOND";
  public static final String AUTH_FAILURE_DELAY_MILLIS = "SWITCHBOARD_AUTH_FAILURE_DELAY_MILLIS";
  public static final String OUTBOUND_ALLOW_PRIVATE_TARGETS =
      "SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE_TARGETS";
  public static final String DATABASE_PASSWORD_FILE = "SWITCHBOARD_DATABASE_PASSWORD_FILE";
  public static final String BIND_ADDRESS = "SWITCHBOARD_BIND_ADDRESS";
  public static final String TLS_CERT_FILE = "SWITCHBOARD_TLS_CERT_FILE";
  public static final String TLS_KEY_FILE = "SWITCHBOARD_TLS_KEY_FILE";
  public static final String TLS_CLIENT_CA_FILE = "SWITCHBOARD_TLS_CLIENT_CA_FILE";
  public static final String TLS_RELOAD_SECONDS = "SWITCHBOARD_TLS_RELOAD_SECONDS";
  public static final String WATCH_STREAMS_PER_KEY = "SWITCHBOARD_WATCH_STREAMS_PER_KEY";
  public static final String AUDIT_EXPORTS_PER_ORGANIZATION =
      "SWITCHBOARD_AUDIT_EXPORTS_PER_ORGANIZATION";
  public static final String GRPC_MAX_CALLS_PER_CONNECTION =
      "SWITCHBOARD_GRPC_MAX_CALLS_PER_CONNECTION";
  public static final String GRPC_MAX_QUEUED_CALLS = "SWITCHBOARD_GRPC_MAX_QUEUED_CALLS";
  public static final String GRPC_IN_PLACE_PERCENT = "SWITCHBOARD_GRPC_IN_PLACE_PERCENT";
  public static final String LOG_FORMAT = "SWITCHBOARD_LOG_FORMAT";
  public static final String ACCESS_LOG = "SWITCHBOARD_ACCESS_LOG";
  public static final String WEBHOOK_TRUST_CA_FILE = "SWITCHBOARD_WEBHOOK_TRUST_CA_FILE";
  public static final String WEBHOOK_TIMEOUT_MILLIS = "SWITCHBOARD_WEBHOOK_TIMEOUT_MILLIS";
  public static final String WEBHOOK_RETRY_WINDOW_SECONDS =
      "SWITCHBOARD_WEBHOOK_RETRY_WINDOW_SECONDS";
  public static final String WEBHOOK_BACKOFF_BASE_MILLIS =
      "SWITCHBOARD_WEBHOOK_BACKOFF_BASE_MILLIS";
  public static final String WEBHOOK_BACKOFF_MAX_SECONDS =
      "SWITCHBOARD_WEBHOOK_BACKOFF_MAX_SECONDS";
  public static final String WEBHOOK_SECRET_OVERLAP_SECONDS =
      "SWITCHBOARD_WEBHOOK_SECRET_OVERLAP_SECONDS";
  public static final String WEBHOOK_LEASE_SECONDS = "SWITCHBOARD_WEBHOOK_LEASE_SECONDS";
  public static final String WEBHOOK_POLL_MILLIS = "SWITCHBOARD_WEBHOOK_POLL_MILLIS";
  public static final String JOB_LEASE_SECONDS = "SWITCHBOARD_JOB_LEASE_SECONDS";
  public static final String JOB_POLL_MILLIS = "SWITCHBOARD_JOB_POLL_MILLIS";
  public static final String JOB_SLICE = "SWITCHBOARD_JOB_SLICE";

  /**
   * The standard OpenTelemetry variables ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code
   * OTEL_SERVICE_NAME}, ...).
   */
  public static final String OTEL_PREFIX = "OTEL_";

  public static final String OTEL_EXPORTER_OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /**
   * Every variable the service reads, in one place: deployment manifests are checked against it, so
   * a manifest cannot set a name the service would silently ignore. A new setting's constant goes
   * here too.
   */
  public static final List<String> KNOWN_VARIABLES =
      List.of(
          DATABASE_URL,
          DATABASE_USER,
          DATABASE_PASSWORD,
          DATABASE_POOL_SIZE,
          GRPC_THREADS,
          DATA_DIR,
          GRPC_PORT,
          HTTP_PORT,
          SECRET_KEY,
          BOOTSTRAP_API_KEY,
          SHUTDOWN_GRACE_SECONDS,
          RATE_LIMIT_PER_SECOND,
          LOG_LEVEL,
          METRICS_ENABLED,
          MANAGEMENT_PORT,
          SHUTDOWN_DRAIN_SECONDS,
          GRPC_MAX_CONNECTION_AGE_SECONDS,
          WARMUP_SECONDS,
          MIGRATE_ON_START,
          DATABASE_LISTEN_URL,
          LOG_FORMAT,
          ACCESS_LOG,
          OTEL_EXPORTER_OTLP_ENDPOINT,
          SECRET_KEYS_PREVIOUS,
          IDEMPOTENCY_TTL_HOURS,
          CHANGE_RETENTION_DAYS,
          MAINTENANCE_INTERVAL_SECONDS,
          INTERNAL_RATE_LIMIT_PER_SECOND,
          AUTH_FAILURE_DELAY_MILLIS,
          OUTBOUND_ALLOW_PRIVATE_TARGETS,
          DATABASE_PASSWORD_FILE,
          BIND_ADDRESS,
          TLS_CERT_FILE,
          TLS_KEY_FILE,
          TLS_CLIENT_CA_FILE,
          TLS_RELOAD_SECONDS,
          WATCH_STREAMS_PER_KEY,
          AUDIT_EXPORTS_PER_ORGANIZATION,
          GRPC_MAX_CALLS_PER_CONNECTION,
          GRPC_MAX_QUEUED_CALLS,
          GRPC_IN_PLACE_PERCENT,
          WEBHOOK_TRUST_CA_FILE,
          WEBHOOK_TIMEOUT_MILLIS,
          WEBHOOK_RETRY_WINDOW_SECONDS,
          WEBHOOK_BACKOFF_BASE_MILLIS,
          WEBHOOK_BACKOFF_MAX_SECONDS,
          WEBHOOK_SECRET_OVERLAP_SECONDS,
          WEBHOOK_LEASE_SECONDS,
          WEBHOOK_POLL_MILLIS,
          JOB_LEASE_SECONDS,
          JOB_POLL_MILLIS,
          JOB_SLICE);

  static final int DEFAULT_GRPC_PORT = 9090;
  static final int DEFAULT_HTTP_PORT = 8080;
  static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;
  static final int DEFAULT_RATE_LIMIT_PER_SECOND = 1000;
  static final int DEFAULT_DATABASE_POOL_SIZE = 10;
  static final int DEFAULT_GRPC_THREADS = 200;
  static final String DEFAULT_DATA_DIR = "./data";
  static final String DEFAULT_LOG_LEVEL = "INFO";
  static final int DEFAULT_IDEMPOTENCY_TTL_HOURS = 24;
  static final int DEFAULT_CHANGE_RETENTION_DAYS = 90;
  static final int DEFAULT_MAINTENANCE_INTERVAL_SECONDS = 600;
  static final int DEFAULT_AUTH_FAILURE_DELAY_MILLIS = 1000;
  static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
  static final int DEFAULT_TLS_RELOAD_SECONDS = 60;
  static final int DEFAULT_WATCH_STREAMS_PER_KEY = 16;
  static final int DEFAULT_GRPC_MAX_CALLS_PER_CONNECTION = 1000;

  /**
   * 50 times the default threads: at a few milliseconds per call the last one waits well under a
   * second (calls past their deadline end anyway), while a flood of slow calls is refused before
   * its queue, a few hundred bytes a call, grows without end.
   */
  static final int DEFAULT_GRPC_MAX_QUEUED_CALLS = 10_000;

  /**
   * Half: the event loop keeps at least the other half for the frames of its connections, the
   * answers of calls on the call threads among them.
   */
  static final int DEFAULT_GRPC_IN_PLACE_PERCENT = 50;

  static final int DEFAULT_MANAGEMENT_PORT = 8081;
  static final int DEFAULT_SHUTDOWN_DRAIN_SECONDS = 5;
  static final int DEFAULT_WARMUP_SECONDS = 10;
  static final int DEFAULT_GRPC_MAX_CONNECTION_AGE_SECONDS = 300;
  private static final List<String> LOG_LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  /**
   * The configured PostgreSQL. The password comes from the setting, from a file read again for
   * every new connection (so it rotates without a restart), or from neither; a {@code password=} in
   * the URL is moved out of it, so the URL the driver logs at DEBUG never carries it. {@code
   * toString} never shows the password.
   */
  public record ExternalDatabase(
      String url, Optional<String> user, Optional<String> password, Optional<Path> passwordFile) {

    public ExternalDatabase {
      if (password.isPresent() && passwordFile.isPresent()) {
        throw new ConfigException(
            DATABASE_PASSWORD_FILE, "is set together with " + DATABASE_PASSWORD + "; use one");
      }
    }

    public ExternalDatabase(String url, Optional<String> user, Optional<String> password) {
      this(url, user, password, Optional.empty());
    }

    /**
     * Takes a {@code password=} parameter out of the URL into the password, where the driver does
     * not log it.
     */
    static ExternalDatabase of(
        String url, Optional<String> user, Optional<String> password, Optional<Path> passwordFile) {
      Matcher inUrl = PASSWORD_PARAMETER.matcher(url);
      if (!inUrl.find()) {
        return new ExternalDatabase(url, user, password, passwordFile);
      }
      if (passwordFile.isPresent()) {
        throw new ConfigException(
            DATABASE_URL,
            "carries a password= parameter and " + DATABASE_PASSWORD_FILE + " is set too; use one");
      }
      // as pgjdbc does, a password in the URL wins over the DATABASE_PASSWORD setting
      String fromUrl = URLDecoder.decode(inUrl.group(2), StandardCharsets.UTF_8);
      String withoutPassword =
          inUrl
              .replaceFirst(inUrl.group(1).equals("?") ? "?" : "")
              .replaceFirst("\\?&", "?")
              .replaceFirst("[?&]$", "");
      return new ExternalDatabase(withoutPassword, user, Optional.of(fromUrl), passwordFile);
    }

    /**
     * The password for a new connection: the file is read each time, so a rotated password is used
     * at once.
     */
    public Optional<String> currentPassword() {
      if (passwordFile.isEmpty()) {
        return password;
      }
      return Optional.of(readPasswordFile(passwordFile.get()));
    }

    /** The URL with any {@code password=} parameter masked, fit for logs. */
    public String displayUrl() {
      return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
      return "ExternalDatabase[url="
          + displayUrl()
          + ", user="
          + user.orElse("<from url>")
          + ", password="
          + (password.isPresent()
              ? "<redacted>"
              : passwordFile.map(f -> "<from " + f + ">").orElse("<none>"))
          + "]";
    }
  }

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("([?&])password=([^&]*)", Pattern.CASE_INSENSITIVE);

  /**
   * The first line of the file, without its line break: what {@code echo secret > file} leaves
   * there.
   */
  static String readPasswordFile(Path file) {
    try {
      String text = Files.readString(file);
      int end = text.indexOf('\n');
      String firstLine = end < 0 ? text : text.substring(0, end);
      return firstLine.endsWith("\r") ? firstLine.substring(0, firstLine.length() - 1) : firstLine;
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          DATABASE_PASSWORD_FILE, "cannot read " + file + ": " + e.getClass().getSimpleName());
    }
  }

  /**
   * Where gRPC and the public REST port listen and whether they speak TLS.
   *
   * @param bindAddress the interface both public ports listen on
   * @param tls empty: plaintext
   */
  public record Transport(InetAddress bindAddress, Optional<Tls> tls) {

    public static Transport plaintextOnAllInterfaces() {
      try {
        return new Transport(InetAddress.getByName(DEFAULT_BIND_ADDRESS), Optional.empty());
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * PEM files for TLS, re-read every {@code reloadInterval} when they changed.
   *
   * @param clientCaFile when present, gRPC callers must present a certificate signed by this CA
   *     (mTLS)
   */
  public record Tls(
      Path certFile, Path keyFile, Optional<Path> clientCaFile, Duration reloadInterval) {}

  /**
   * @param watchStreamsPerKey most WatchChanges streams one API key may hold open at once
   * @param auditExportsPerOrganization most audit exports one organization may run at once (each
   *     holds a pooled connection while its client downloads)
   * @param grpcMaxCallsPerConnection most concurrent gRPC calls on one connection (HTTP/2 streams)
   * @param grpcMaxQueuedCalls most gRPC calls waiting for a thread, all connections together;
   *     beyond, RESOURCE_EXHAUSTED with reason {@code SERVER_OVERLOADED}
   * @param grpcInPlacePercent most of each event loop's time that calls answered from memory on it
   *     may take; beyond, they go to the call threads (0: always)
   */
  public record StreamLimits(
      int watchStreamsPerKey,
      int auditExportsPerOrganization,
      int grpcMaxCallsPerConnection,
      int grpcMaxQueuedCalls,
      int grpcInPlacePercent) {

    public static StreamLimits defaults() {
      return new StreamLimits(
          DEFAULT_WATCH_STREAMS_PER_KEY,
          ExportChangesService.DEFAULT_EXPORTS_PER_ORGANIZATION,
          DEFAULT_GRPC_MAX_CALLS_PER_CONNECTION,
          DEFAULT_GRPC_MAX_QUEUED_CALLS,
          DEFAULT_GRPC_IN_PLACE_PERCENT);
    }
  }

  /**
   * How the process behaves as one replica of many.
   *
   * @param managementPort plain-HTTP port of {@code /metrics} and {@code /health/*}, for the
   *     cluster network only
   * @param shutdownDrain after SIGTERM, how long readiness reports 503 / NOT_SERVING while the
   *     listeners still accept, so load balancers stop sending before anything is refused
   * @param grpcMaxConnectionAge after this a gRPC connection is asked to go away (calls and streams
   *     on it go on), so clients reconnect and rebalance across replicas
   * @param migrateOnStart whether startup applies pending migrations; off, an older schema refuses
   *     to start
   * @param databaseListenUrl a direct (not pooled) connection for LISTEN, migrations and locks;
   *     empty means the main URL. Only with an external database
   * @param warmup at most how long the replica calls itself before it reports ready ({@link
   *     Warmup}); zero: not at all
   */
  public record Operations(
      int managementPort,
      Duration shutdownDrain,
      Duration grpcMaxConnectionAge,
      boolean migrateOnStart,
      Optional<String> databaseListenUrl,
      Duration warmup) {

    public Operations {
      if (shutdownDrain.isNegative()) {
        throw new ConfigException(SHUTDOWN_DRAIN_SECONDS, "must not be negative");
      }
      if (grpcMaxConnectionAge.isNegative() || grpcMaxConnectionAge.isZero()) {
        throw new ConfigException(GRPC_MAX_CONNECTION_AGE_SECONDS, "must be positive");
      }
      databaseListenUrl.ifPresent(Config::requirePostgresUrl);
    }

    static Operations from(Settings settings) {
      return new Operations(
          settings.port(MANAGEMENT_PORT, DEFAULT_MANAGEMENT_PORT),
          Duration.ofSeconds(
              settings.integer(SHUTDOWN_DRAIN_SECONDS, DEFAULT_SHUTDOWN_DRAIN_SECONDS, 0, 3600)),
          Duration.ofSeconds(
              settings.integer(
                  GRPC_MAX_CONNECTION_AGE_SECONDS,
                  DEFAULT_GRPC_MAX_CONNECTION_AGE_SECONDS,
                  1,
                  30 * 24 * 3600)),
          settings.bool(MIGRATE_ON_START, true),
          settings.text(DATABASE_LISTEN_URL),
          Duration.ofSeconds(settings.integer(WARMUP_SECONDS, DEFAULT_WARMUP_SECONDS, 0, 600)));
    }

    @Override
    public String toString() {
      return "Operations[managementPort="
          + managementPort
          + ", shutdownDrain="
          + shutdownDrain
          + ", grpcMaxConnectionAge="
          + grpcMaxConnectionAge
          + ", migrateOnStart="
          + migrateOnStart
          + ", databaseListenUrl="
          + databaseListenUrl.map(Config::maskPassword).orElse("<main url>")
          + ", warmup="
          + warmup
          + "]";
    }
  }

  /**
   * How log lines are written: {@code text} (one readable line) or {@code json} (one JSON object
   * per line).
   */
  public enum LogFormat {
    TEXT,
    JSON
  }

  /**
   * @param logFormat text or JSON log lines
   * @param accessLog whether every gRPC call and REST request writes one access-log line at INFO
   * @param openTelemetry the {@code OTEL_*} variables, handed to the OpenTelemetry SDK's own
   *     configuration; traces are exported only when an OTLP endpoint is among them. {@code
   *     toString} shows names only ({@code OTEL_EXPORTER_OTLP_HEADERS} may carry a token)
   */
  public record Telemetry(
      LogFormat logFormat, boolean accessLog, Map<String, String> openTelemetry) {

    public Telemetry {
      openTelemetry = Map.copyOf(openTelemetry);
    }

    public boolean exportsTraces() {
      String exporter = openTelemetry.get("OTEL_TRACES_EXPORTER");
      if (exporter != null) {
        return !exporter.equalsIgnoreCase("none");
      }
      return openTelemetry.containsKey(OTEL_EXPORTER_OTLP_ENDPOINT)
          || openTelemetry.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    }

    @Override
    public String toString() {
      return "Telemetry[logFormat="
          + logFormat
          + ", accessLog="
          + accessLog
          + ", openTelemetry="
          + new TreeSet<>(openTelemetry.keySet())
          + "]";
    }
  }

  /**
   * Keys and retention of the data at rest.
   *
   * @param previousSecretKeys older keys that still open sealed credentials and verify what they
   *     signed; never used for anything new
   * @param idempotencyTtl how long a stored response answers a retry; purged after
   * @param changeRetention how long change events are kept; {@code WatchChanges} from an older
   *     revision is OUT_OF_RANGE
   * @param maintenanceInterval how often the purge and the reseal pass run (also once at start)
   */
  public record DataAtRest(
      List<SecretKeyMaterial> previousSecretKeys,
      Duration idempotencyTtl,
      Duration changeRetention,
      Duration maintenanceInterval) {
    public DataAtRest {
      previousSecretKeys = List.copyOf(previousSecretKeys);
    }

    static DataAtRest defaults() {
      return new DataAtRest(
          List.of(),
          Duration.ofHours(DEFAULT_IDEMPOTENCY_TTL_HOURS),
          Duration.ofDays(DEFAULT_CHANGE_RETENTION_DAYS),
          Duration.ofSeconds(DEFAULT_MAINTENANCE_INTERVAL_SECONDS));
    }

    static DataAtRest from(Settings settings) {
      List<SecretKeyMaterial> previous = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (String entry :
          settings.text(SECRET_KEYS_PREVIOUS).map(v -> v.split(",")).orElse(new String[0])) {
        if (entry.isBlank()) {
          continue;
        }
        if (entry.indexOf(':') < 0) {
          throw new ConfigException(
              SECRET_KEYS_PREVIOUS,
              "each entry must be keyId:base64 (the id says which " + "stored values it opens)");
        }
        SecretKeyMaterial key;
        try {
          key = SecretKeyMaterial.parse(entry);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(
              SECRET_KEYS_PREVIOUS, e.getMessage() + "; expected comma-separated keyId:base64");
        }
        if (!ids.add(key.keyId())) {
          throw new ConfigException(
              SECRET_KEYS_PREVIOUS, "key id " + key.keyId() + " is listed twice");
        }
        previous.add(key);
      }
      return new DataAtRest(
          previous,
          Duration.ofHours(
              settings.integer(IDEMPOTENCY_TTL_HOURS, DEFAULT_IDEMPOTENCY_TTL_HOURS, 1, 24 * 365)),
          Duration.ofDays(
              settings.integer(CHANGE_RETENTION_DAYS, DEFAULT_CHANGE_RETENTION_DAYS, 1, 36_500)),
          Duration.ofSeconds(
              settings.integer(
                  MAINTENANCE_INTERVAL_SECONDS, DEFAULT_MAINTENANCE_INTERVAL_SECONDS, 1, 86_400)));
    }

    @Override
    public String toString() {
      return "DataAtRest[previousSecretKeys="
          + previousSecretKeys.stream().map(SecretKeyMaterial::keyId).toList()
          + ", idempotencyTtl="
          + idempotencyTtl
          + ", changeRetention="
          + changeRetention
          + ", maintenanceInterval="
          + maintenanceInterval
          + "]";
    }
  }

  /**
   * Access settings (issue 13).
   *
   * @param internalRateLimitPerSecond requests per second per key with an {@code internal:*} scope;
   *     0 = no limit
   * @param authFailureMaxDelay the longest a repeatedly failing client address waits for its
   *     refusal; 0 = off
   * @param outboundAllowPrivateTargets test-only: outbound URLs may name loopback, private and
   *     link-local hosts
   */
  public record Access(
      int internalRateLimitPerSecond,
      Duration authFailureMaxDelay,
      boolean outboundAllowPrivateTargets) {

    public static final Access DEFAULTS =
        new Access(0, Duration.ofMillis(DEFAULT_AUTH_FAILURE_DELAY_MILLIS), false);

    static Access from(Settings settings) {
      return new Access(
          settings.integer(INTERNAL_RATE_LIMIT_PER_SECOND, 0, 0, 10_000_000),
          Duration.ofMillis(
              settings.integer(
                  AUTH_FAILURE_DELAY_MILLIS, DEFAULT_AUTH_FAILURE_DELAY_MILLIS, 0, 60_000)),
          settings.bool(OUTBOUND_ALLOW_PRIVATE_TARGETS, false));
    }
  }

  /**
   * How lifecycle webhooks go out. The window, backoff and lease are settings so that tests run a
   * day of retries, or a replica's failover, in seconds.
   *
   * @param trustCaFile test-only: a PEM CA certificate receivers' certificates may also chain to
   *     (besides the JDK's trusted roots); logged as a warning at start
   * @param timeout how long one attempt may take, connecting included
   * @param retryWindow how long a message is retried before it has failed
   * @param backoffBase the wait after the first failed attempt (doubling per attempt, with jitter)
   * @param backoffMax the longest wait between two attempts
   * @param secretOverlap how long a rolled-over secret keeps signing next to the new one
   * @param lease how long a replica's lease on an endpoint lasts: how soon another replica takes
   *     over from a dead one
   * @param pollInterval how long an idle replica waits before looking for work again
   */
  public record Webhooks(
      Optional<Path> trustCaFile,
      Duration timeout,
      Duration retryWindow,
      Duration backoffBase,
      Duration backoffMax,
      Duration secretOverlap,
      Duration lease,
      Duration pollInterval) {

    public static final Webhooks DEFAULTS =
        new Webhooks(
            Optional.empty(),
            Duration.ofSeconds(10),
            Duration.ofHours(24),
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            Duration.ofHours(24),
            Duration.ofSeconds(60),
            Duration.ofSeconds(1));

    public Webhooks {
      if (lease.compareTo(timeout.multipliedBy(2)) < 0) {
        throw new ConfigException(
            WEBHOOK_LEASE_SECONDS,
            "must be at least twice "
                + WEBHOOK_TIMEOUT_MILLIS
                + " ("
                + timeout.toMillis()
                + " ms): a replica renews its leases between attempts");
      }
      if (backoffMax.compareTo(backoffBase) < 0) {
        throw new ConfigException(
            WEBHOOK_BACKOFF_MAX_SECONDS, "must be at least " + WEBHOOK_BACKOFF_BASE_MILLIS);
      }
    }

    static Webhooks from(Settings settings) {
      return new Webhooks(
          settings
              .text(WEBHOOK_TRUST_CA_FILE)
              .map(file -> settings.path(WEBHOOK_TRUST_CA_FILE, file)),
          Duration.ofMillis(settings.integer(WEBHOOK_TIMEOUT_MILLIS, 10_000, 100, 120_000)),
          Duration.ofSeconds(
              settings.integer(WEBHOOK_RETRY_WINDOW_SECONDS, 86_400, 1, 30 * 86_400)),
          Duration.ofMillis(settings.integer(WEBHOOK_BACKOFF_BASE_MILLIS, 5_000, 1, 3_600_000)),
          Duration.ofSeconds(settings.integer(WEBHOOK_BACKOFF_MAX_SECONDS, 3_600, 1, 86_400)),
          Duration.ofSeconds(
              settings.integer(WEBHOOK_SECRET_OVERLAP_SECONDS, 86_400, 0, 30 * 86_400)),
          Duration.ofSeconds(settings.integer(WEBHOOK_LEASE_SECONDS, 60, 1, 3_600)),
          Duration.ofMillis(settings.integer(WEBHOOK_POLL_MILLIS, 1_000, 10, 600_000)));
    }
  }

  /**
   * How bulk jobs run. The lease is a setting so that tests take a dead replica's job over in
   * seconds.
   *
   * @param lease how long a replica's lease on a job lasts unless renewed (it is renewed with every
   *     slice): how soon another replica resumes a dead one's job
   * @param pollInterval how long an idle replica waits before looking for a job again
   * @param slice how many items one transaction applies
   */
  public record Jobs(Duration lease, Duration pollInterval, int slice) {
    public static final Jobs DEFAULTS =
        new Jobs(Duration.ofSeconds(30), Duration.ofSeconds(1), 500);

    static Jobs from(Settings settings) {
      return new Jobs(
          Duration.ofSeconds(settings.integer(JOB_LEASE_SECONDS, 30, 1, 3_600)),
          Duration.ofMillis(settings.integer(JOB_POLL_MILLIS, 1_000, 10, 600_000)),
          settings.integer(JOB_SLICE, 500, 1, 5_000));
    }
  }

  public Config {
    if (jobs == null) {
      jobs = Jobs.DEFAULTS;
    }
    if (dataAtRest == null) {
      dataAtRest = DataAtRest.defaults();
    }
    if (webhooks == null) {
      webhooks = Webhooks.DEFAULTS;
    }
    if (secretKey.isPresent()
        && dataAtRest.previousSecretKeys().stream()
            .anyMatch(previous ->
                previous.keyId().equals(secretKey.get().keyId())
                    && !previous.equals(secretKey.get()))) {
      throw new ConfigException(
          SECRET_KEYS_PREVIOUS,
          "key id " + secretKey.get().keyId() + " is also the current key's id, with another key");
    }
    if (externalDatabase.isPresent() && secretKey.isEmpty()) {
      throw new ConfigException(SECRET_KEY, "required when " + DATABASE_URL + " is set");
    }
    if (externalDatabase.isEmpty() && operations.databaseListenUrl().isPresent()) {
      throw new ConfigException(DATABASE_LISTEN_URL, "is set but " + DATABASE_URL + " is not");
    }
  }

  private static String requirePostgresUrl(String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new ConfigException(
          DATABASE_LISTEN_URL,
          "must be a PostgreSQL JDBC URL like jdbc:postgresql://host:5432/switchboard");
    }
    return url;
  }

  static String maskPassword(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /**
   * The direct connection for LISTEN, migrations and locks: the listen URL when set, else the main
   * URL.
   */
  public Optional<String> directDatabaseUrl() {
    return operations.databaseListenUrl().or(() -> externalDatabase.map(ExternalDatabase::url));
  }

  /**
   * Reads the configuration from {@code System.getenv()}-style variables; absent or blank means
   * default.
   */
  public static Config fromEnvironment(Map<String, String> environment) {
    Settings settings = new Settings(environment);
    Optional<ExternalDatabase> database =
        settings
            .text(DATABASE_URL)
            .map(url -> {
              if (!url.startsWith("jdbc:postgresql:")) {
                throw new ConfigException(
                    DATABASE_URL,
                    "must be a PostgreSQL JDBC URL like jdbc:postgresql://host:5432/switchboard");
              }
              Optional<Path> passwordFile =
                  settings
                      .text(DATABASE_PASSWORD_FILE)
                      .map(f -> settings.path(DATABASE_PASSWORD_FILE, f));
              passwordFile.ifPresent(
                  Config::readPasswordFile); // unreadable: say so at startup, not at the first
              // connection
              return ExternalDatabase.of(
                  url,
                  settings.text(DATABASE_USER),
                  settings.text(DATABASE_PASSWORD),
                  passwordFile);
            });
    if (database.isEmpty()) {
      for (String dependent : List.of(DATABASE_USER, DATABASE_PASSWORD, DATABASE_PASSWORD_FILE)) {
        if (settings.text(dependent).isPresent()) {
          throw new ConfigException(dependent, "is set but " + DATABASE_URL + " is not");
        }
      }
    }
    Optional<SecretKeyMaterial> secretKey =
        settings
            .text(SECRET_KEY)
            .map(text -> {
              try {
                return SecretKeyMaterial.parse(text);
              } catch (IllegalArgumentException e) {
                throw new ConfigException(
                    SECRET_KEY,
                    e.getMessage()
                        + "; expected base64 of 32 random bytes, optionally keyId:base64");
              }
            });
    return new Config(
        database,
        settings.path(DATA_DIR, DEFAULT_DATA_DIR),
        settings.port(GRPC_PORT, DEFAULT_GRPC_PORT),
        settings.port(HTTP_PORT, DEFAULT_HTTP_PORT),
        secretKey,
        settings.text(BOOTSTRAP_API_KEY).map(Config::requireServiceKeyFormat),
        Duration.ofSeconds(
            settings.integer(SHUTDOWN_GRACE_SECONDS, DEFAULT_SHUTDOWN_GRACE_SECONDS, 0, 3600)),
        settings.integer(RATE_LIMIT_PER_SECOND, DEFAULT_RATE_LIMIT_PER_SECOND, 0, 1_000_000),
        settings.integer(DATABASE_POOL_SIZE, DEFAULT_DATABASE_POOL_SIZE, 1, 1000),
        settings.integer(GRPC_THREADS, DEFAULT_GRPC_THREADS, 1, 10_000),
        settings.logLevel(LOG_LEVEL),
        settings.bool(METRICS_ENABLED, true),
        Operations.from(settings),
        new Telemetry(
            settings.logFormat(LOG_FORMAT),
            settings.bool(ACCESS_LOG, true),
            settings.openTelemetry()),
        DataAtRest.from(settings),
        Access.from(settings),
        new Transport(settings.address(BIND_ADDRESS), settings.tls()),
        new StreamLimits(
            settings.integer(WATCH_STREAMS_PER_KEY, DEFAULT_WATCH_STREAMS_PER_KEY, 1, 100_000),
            settings.integer(
                AUDIT_EXPORTS_PER_ORGANIZATION,
                ExportChangesService.DEFAULT_EXPORTS_PER_ORGANIZATION,
                1,
                1_000),
            settings.integer(
                GRPC_MAX_CALLS_PER_CONNECTION, DEFAULT_GRPC_MAX_CALLS_PER_CONNECTION, 1, 1_000_000),
            settings.integer(GRPC_MAX_QUEUED_CALLS, DEFAULT_GRPC_MAX_QUEUED_CALLS, 1, 10_000_000),
            settings.integer(GRPC_IN_PLACE_PERCENT, DEFAULT_GRPC_IN_PLACE_PERCENT, 0, 100)),
        Webhooks.from(settings),
        Jobs.from(settings));
  }

  /**
   * A guessable bootstrap key (say {@code changeme}) would hold every scope: only keys as the
   * service makes them.
   */
  private static String requireServiceKeyFormat(String key) {
    if (!ApiKeySecrets.isWellFormed(key)) {
      throw new ConfigException(
          BOOTSTRAP_API_KEY, "is not a key of this service; expected " + ApiKeySecrets.FORMAT);
    }
    return key;
  }

  public boolean usesEmbeddedDatabase() {
    return externalDatabase.isEmpty();
  }

  public Path embeddedDatabaseDir() {
    return dataDir.resolve("postgres");
  }

  public Path secretKeyFile() {
    return dataDir.resolve("secret.key");
  }

  /** The generated password of the embedded PostgreSQL's superuser (mode 0600). */
  public Path embeddedDatabasePasswordFile() {
    return dataDir.resolve("postgres.password");
  }

  @Override
  public String toString() {
    return "Config[database="
        + externalDatabase.map(ExternalDatabase::toString).orElse("embedded")
        + ", dataDir="
        + dataDir
        + ", grpcPort="
        + grpcPort
        + ", httpPort="
        + httpPort
        + ", secretKey="
        + secretKey.map(SecretKeyMaterial::toString).orElse("<generated>")
        + ", bootstrapApiKey="
        + (bootstrapApiKey.isPresent() ? "<redacted>" : "<none>")
        + ", shutdownGrace="
        + shutdownGrace
        + ", rateLimitPerSecond="
        + rateLimitPerSecond
        + ", databasePoolSize="
        + databasePoolSize
        + ", grpcThreads="
        + grpcThreads
        + ", logLevel="
        + logLevel
        + ", metricsEnabled="
        + metricsEnabled
        + ", operations="
        + operations
        + ", telemetry="
        + telemetry
        + ", dataAtRest="
        + dataAtRest
        + ", access="
        + access
        + ", transport="
        + transport
        + ", streams="
        + streams
        + ", webhooks="
        + webhooks
        + ", jobs="
        + jobs
        + "]";
  }

  private record Settings(Map<String, String> environment) {

    Optional<String> text(String name) {
      String value = environment.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    Path path(String name, String fallback) {
      String value = text(name).orElse(fallback);
      try {
        return Path.of(value).toAbsolutePath().normalize();
      } catch (RuntimeException e) {
        throw new ConfigException(name, "'" + value + "' is not a usable path");
      }
    }

    int port(String name, int fallback) {
      return integer(name, fallback, 0, 65535);
    }

    int integer(String name, int fallback, int min, int max) {
      Optional<String> value = text(name);
      if (value.isEmpty()) {
        return fallback;
      }
      int parsed;
      try {
        parsed = Integer.parseInt(value.get());
      } catch (NumberFormatException e) {
        throw new ConfigException(name, "'" + value.get() + "' is not a whole number");
      }
      if (parsed < min || parsed > max) {
        throw new ConfigException(name, parsed + " is out of range " + min + ".." + max);
      }
      return parsed;
    }

    boolean bool(String name, boolean fallback) {
      Optional<String> value = text(name).map(v -> v.toLowerCase(Locale.ROOT));
      if (value.isEmpty()) {
        return fallback;
      }
      return switch (value.get()) {
        case "true" -> true;
        case "false" -> false;
        default ->
            throw new ConfigException(name, "'" + text(name).orElse("") + "' is not true or false");
      };
    }

    LogFormat logFormat(String name) {
      String format = text(name).orElse("text").toUpperCase(Locale.ROOT);
      try {
        return LogFormat.valueOf(format);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, "'" + text(name).orElse("") + "' is not text or json");
      }
    }

    /**
     * Every non-blank OTEL_* variable; an OTLP endpoint must be an http(s) URL (the SDK would fail
     * later, less clearly).
     */
    Map<String, String> openTelemetry() {
      Map<String, String> otel = new TreeMap<>();
      environment.keySet().stream()
          .filter(k -> k.startsWith(OTEL_PREFIX))
          .forEach(k -> text(k).ifPresent(v -> otel.put(k, v)));
      for (String endpoint :
          List.of(OTEL_EXPORTER_OTLP_ENDPOINT, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
        String url = otel.get(endpoint);
        if (url != null && !url.matches("(?i)https?://[^/\\s]+(/\\S*)?")) {
          throw new ConfigException(
              endpoint,
              "'" + url + "' is not an http:// or https:// URL, e.g. http://collector:4318");
        }
      }
      for (String protocol :
          List.of("OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")) {
        String value = otel.get(protocol);
        if (value != null && !value.equals("http/protobuf")) {
          throw new ConfigException(
              protocol,
              "'"
                  + value
                  + "' is not supported: Switchboard exports OTLP over "
                  + "HTTP (http/protobuf, usually port 4318)");
        }
      }
      return otel;
    }

    InetAddress address(String name) {
      String value = text(name).orElse(DEFAULT_BIND_ADDRESS);
      try {
        return InetAddress.getByName(value);
      } catch (UnknownHostException | SecurityException e) {
        throw new ConfigException(name, "'" + value + "' is not an address of this host");
      }
    }

    /** TLS needs both the certificate and its key; a client CA alone would protect nothing. */
    Optional<Tls> tls() {
      Optional<Path> cert = text(TLS_CERT_FILE).map(f -> readable(TLS_CERT_FILE, f));
      Optional<Path> key = text(TLS_KEY_FILE).map(f -> readable(TLS_KEY_FILE, f));
      Optional<Path> clientCa = text(TLS_CLIENT_CA_FILE).map(f -> readable(TLS_CLIENT_CA_FILE, f));
      Duration reload =
          Duration.ofSeconds(integer(TLS_RELOAD_SECONDS, DEFAULT_TLS_RELOAD_SECONDS, 1, 86_400));
      if (cert.isEmpty() && key.isEmpty()) {
        if (clientCa.isPresent()) {
          throw new ConfigException(
              TLS_CLIENT_CA_FILE,
              "is set but " + TLS_CERT_FILE + " and " + TLS_KEY_FILE + " are not");
        }
        return Optional.empty();
      }
      if (cert.isEmpty()) {
        throw new ConfigException(TLS_CERT_FILE, "is required when " + TLS_KEY_FILE + " is set");
      }
      if (key.isEmpty()) {
        throw new ConfigException(TLS_KEY_FILE, "is required when " + TLS_CERT_FILE + " is set");
      }
      return Optional.of(new Tls(cert.get(), key.get(), clientCa, reload));
    }

    private Path readable(String name, String value) {
      Path file = path(name, value);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new ConfigException(name, "cannot read " + file);
      }
      return file;
    }

    String logLevel(String name) {
      String level = text(name).orElse(DEFAULT_LOG_LEVEL).toUpperCase(Locale.ROOT);
      if (!LOG_LEVELS.contains(level)) {
        throw new ConfigException(
            name, "'" + text(name).orElse("") + "' is not one of " + String.join(", ", LOG_LEVELS));
      }
      return level;
    }
  }
}
