package io.switchboard.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The secret key of an embedded-mode installation: generated on first start and kept beside the
 * data it protects, readable by the owner only, so a restart can still decrypt stored SIP
 * credentials.
 */
final class LocalSecretKey {

  static final String GENERATED_KEY_ID = "local";

  private LocalSecretKey() {}

  static SecretKeyMaterial loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Files.createDirectories(file.getParent());
      byte[] key = new byte[SecretKeyMaterial.KEY_BYTES];
      new SecureRandom().nextBytes(key);
      SecretKeyMaterial generated = new SecretKeyMaterial(GENERATED_KEY_ID, key);
      write(file, generated);
      return generated;
    } catch (FileAlreadyExistsException raced) {
      return read(file);
    } catch (IOException e) {
      throw new ConfigException(
          Config.DATA_DIR, "cannot create the secret key file " + file + ": " + e.getMessage());
    }
  }

  private static SecretKeyMaterial read(Path file) {
    try {
      return SecretKeyMaterial.parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new ConfigException(
          Config.SECRET_KEY, "cannot read the key file " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          Config.SECRET_KEY, "the key file " + file + " is malformed: " + e.getMessage());
    }
  }

  private static void write(Path file, SecretKeyMaterial key) throws IOException {
    byte[] content = (key.encode() + "\n").getBytes(StandardCharsets.US_ASCII);
    // created with owner-only permissions, so the key is never readable by others, not even briefly
    FileAttribute<?>[] ownerOnly =
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Files.write(Files.createFile(file, ownerOnly), content, StandardOpenOption.WRITE);
  }
}
