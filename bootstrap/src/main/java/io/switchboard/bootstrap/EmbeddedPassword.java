package io.switchboard.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded PostgreSQL closed to other local processes. Without this, any local user could
 * log in as the superuser without a password (the library initialises the cluster with {@code
 * trust}) and read {@code secret.key} with {@code pg_read_file}. The superuser gets a generated
 * password (scram-sha-256) kept beside the data in a file only the owner can read, and the cluster
 * accepts nothing but that password over loopback TCP.
 */
final class EmbeddedPassword {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPassword.class);
  static final String HBA_HEADER =
      "# Written by Switchboard on every start: scram-sha-256 password over loopback only.";
  private static final String HBA =
      HBA_HEADER
          + "\n"
          + "host all all 127.0.0.1/32 scram-sha-256\n"
          + "host all all ::1/128 scram-sha-256\n";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private EmbeddedPassword() {}

  /**
   * The password in {@code file}, generated (32 random bytes, base64url) on the first start.
   *
   * @param dataDirectory the cluster's directory: a cluster that already requires a password
   *     without its file cannot be opened, which is said at once rather than after the startup wait
   */
  static String loadOrCreate(Path file, Path dataDirectory) {
    try {
      if (!Files.exists(file)
          && Files.exists(dataDirectory.resolve("pg_hba.conf"))
          && !isLegacy(dataDirectory)) {
        throw new ConfigException(
            Config.DATA_DIR,
            "the embedded database in "
                + dataDirectory
                + " requires the password kept in "
                + file
                + ", which is missing: restore it");
      }
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
          // created owner-only, so the password is never readable by others, not even briefly
          FileAttribute<?>[] ownerOnly =
              posix()
                  ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                  : new FileAttribute<?>[0];
          Files.write(
              Files.createFile(file, ownerOnly),
              (generated + "\n").getBytes(StandardCharsets.US_ASCII),
              StandardOpenOption.WRITE);
          return generated;
        } catch (FileAlreadyExistsException raced) {
          // another process created it first: use theirs
        }
      }
      if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        log.warn("{} was readable by others; made it owner-only (0600)", file);
      }
      String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (!password.matches("[A-Za-z0-9_-]{16,}")) {
        throw new ConfigException(
            Config.DATA_DIR, "the database password file " + file + " is malformed");
      }
      return password;
    } catch (IOException e) {
      throw new ConfigException(
          Config.DATA_DIR,
          "cannot read or create the database password file " + file + ": " + e.getMessage());
    }
  }

  /**
   * Run before every start: clusters created with a password get a {@code pg_hba.conf} that accepts
   * only it. A cluster from before passwords ({@code trust} lines) keeps its file for this one
   * start, so that {@link #closeLegacyInstallation} can still log in to set the password.
   */
  static void requirePasswords(Path dataDirectory) {
    try {
      if (!isLegacy(dataDirectory)) {
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA, StandardCharsets.US_ASCII);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A cluster initialised before passwords: give the superuser the password, then refuse everything
   * else.
   */
  static void closeLegacyInstallation(
      EmbeddedPostgres embedded, Path dataDirectory, String password) {
    try {
      if (!isLegacy(dataDirectory)) {
        return;
      }
      try (Connection connection = embedded.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        // the password is base64url: nothing in it needs quoting
        statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA, StandardCharsets.US_ASCII);
        statement.execute("SELECT pg_reload_conf()");
      }
      log.warn(
          "The embedded PostgreSQL accepted local logins without a password; it now requires the generated "
              + "password kept in the data dir");
    } catch (IOException | SQLException e) {
      throw new ConfigException(
          Config.DATA_DIR,
          "cannot protect the embedded PostgreSQL with a password: " + e.getMessage());
    }
  }

  private static boolean isLegacy(Path dataDirectory) throws IOException {
    Path hba = dataDirectory.resolve("pg_hba.conf");
    if (!Files.exists(hba)) {
      return false;
    }
    return Files.readAllLines(hba, StandardCharsets.US_ASCII).stream()
        .map(String::strip)
        .filter(line -> !line.startsWith("#"))
        .anyMatch(line -> line.matches(".*\\btrust\\b.*"));
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
