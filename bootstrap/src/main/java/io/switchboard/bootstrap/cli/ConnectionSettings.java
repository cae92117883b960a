package io.switchboard.bootstrap.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Where and how the CLI connects; the key is never part of {@link #toString()}. */
public record ConnectionSettings(
    Address address,
    String apiKey,
    boolean plaintext,
    Optional<Path> caFile,
    Optional<Path> certFile,
    Optional<Path> keyFile,
    Duration callTimeout) {

  public ConnectionSettings {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(callTimeout, "callTimeout");
  }

  @Override
  public String toString() {
    return address + (plaintext ? " (plaintext)" : " (TLS)");
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  public record Address(String host, int port) {

    public Address {
      if (host == null || host.isBlank()) {
        throw CliException.usage("the address needs a host");
      }
      if (port < 1 || port > 65535) {
        throw CliException.usage("the port must be 1..65535");
      }
    }

    static Address parse(String hostAndPort) {
      int colon = hostAndPort.lastIndexOf(':');
      if (colon <= 0 || colon == hostAndPort.length() - 1) {
        throw CliException.usage("the address must be HOST:PORT, not " + hostAndPort);
      }
      String host = hostAndPort.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        throw CliException.usage("an IPv6 address goes in brackets: [" + host + "]:PORT");
      }
      try {
        return new Address(host, Integer.parseInt(hostAndPort.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw CliException.usage("the address must be HOST:PORT, not " + hostAndPort);
      }
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
