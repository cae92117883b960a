package io.switchboard.bootstrap.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How every command reaches the server, as any client does: an address, a bearer API key, TLS
 * unless {@code --plaintext} is asked for a loopback address. The key is read from a file or the
 * environment, never from the command line, where {@code ps} would show it.
 */
public final class ConnectionOptions {

  public static final String ADDRESS = "SWITCHBOARD_ADDRESS";
  public static final String API_KEY = "SWITCHBOARD_API_KEY";
  public static final String API_KEY_FILE = "SWITCHBOARD_API_KEY_FILE";
  public static final String CA_FILE = "SWITCHBOARD_TLS_CA_FILE";
  public static final String CLIENT_CERT_FILE = "SWITCHBOARD_CLIENT_CERT_FILE";
  public static final String CLIENT_KEY_FILE = "SWITCHBOARD_CLIENT_KEY_FILE";
  static final String DEFAULT_ADDRESS = "localhost:9090";

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "gRPC address of Switchboard (default: $" + ADDRESS + ", else localhost:9090)")
  String address;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description =
          "file whose first line is the API key (default: $"
              + API_KEY_FILE
              + ", else the key in $"
              + API_KEY
              + ")")
  Path apiKeyFile;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description =
          "PEM CA certificate(s) the server's certificate must chain to (default: $"
              + CA_FILE
              + ", else the JDK's trusted roots)")
  Path caFile;

  @Option(
      names = "--cert-file",
      paramLabel = "FILE",
      description = "PEM client certificate for mTLS (default: $" + CLIENT_CERT_FILE + ")")
  Path certFile;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "PKCS#8 PEM key of --cert-file (default: $" + CLIENT_KEY_FILE + ")")
  Path keyFile;

  @Option(
      names = "--plaintext",
      description = "no TLS: only to a loopback address (the key would cross the network in clear)")
  boolean plaintext;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "how long one call may take (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  /** The settings these options and the environment make, validated. */
  public ConnectionSettings resolve(Map<String, String> environment) {
    String hostAndPort = firstSet(address, environment.get(ADDRESS)).orElse(DEFAULT_ADDRESS);
    ConnectionSettings.Address target = ConnectionSettings.Address.parse(hostAndPort);
    if (timeoutSeconds < 1) {
      throw CliException.usage("--timeout must be at least 1 second");
    }
    Path ca = fileOption(caFile, environment.get(CA_FILE));
    Path cert = fileOption(certFile, environment.get(CLIENT_CERT_FILE));
    Path key = fileOption(keyFile, environment.get(CLIENT_KEY_FILE));
    if ((cert == null) != (key == null)) {
      throw CliException.usage("--cert-file and --key-file go together");
    }
    if (plaintext) {
      if (ca != null || cert != null) {
        throw CliException.usage("--plaintext cannot be used with --ca-file or --cert-file");
      }
      if (!isLoopback(target.host())) {
        throw CliException.usage(
            "--plaintext is only for a loopback address (the API key would cross the network in"
                + " clear); "
                + target.host()
                + " is not one");
      }
    }
    return new ConnectionSettings(
        target,
        apiKey(environment),
        plaintext,
        Optional.ofNullable(ca),
        Optional.ofNullable(cert),
        Optional.ofNullable(key),
        Duration.ofSeconds(timeoutSeconds));
  }

  private String apiKey(Map<String, String> environment) {
    Path file = fileOption(apiKeyFile, environment.get(API_KEY_FILE));
    String key;
    if (file != null) {
      try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
        key = lines.findFirst().orElse("").strip();
      } catch (IOException | java.io.UncheckedIOException e) {
        throw CliException.usage("cannot read the API key file " + file);
      }
      if (key.isEmpty()) {
        throw CliException.usage("the API key file " + file + " is empty");
      }
    } else {
      key = Optional.ofNullable(environment.get(API_KEY)).map(String::strip).orElse("");
      if (key.isEmpty()) {
        throw CliException.usage("no API key: set " + API_KEY + " or --api-key-file");
      }
    }
    if (!key.chars().allMatch(c -> c > 32 && c < 127)) {
      throw CliException.usage("the API key holds characters no key has");
    }
    return key;
  }

  private static Path fileOption(Path option, String environmentValue) {
    Path file =
        option != null ? option : firstSet(null, environmentValue).map(Path::of).orElse(null);
    if (file != null && !Files.isReadable(file)) {
      throw CliException.usage("cannot read " + file);
    }
    return file;
  }

  private static Optional<String> firstSet(String option, String environmentValue) {
    if (option != null && !option.isBlank()) {
      return Optional.of(option.strip());
    }
    return Optional.ofNullable(environmentValue).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
