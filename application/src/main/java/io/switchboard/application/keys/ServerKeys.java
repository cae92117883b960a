package io.switchboard.application.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secret keys of this replica: the current one, which seals and signs everything new, and the
 * previous ones, which still open and verify what they sealed or signed before a rotation.
 * Everything derived from them carries the id of the key it came from, so replicas in the middle of
 * a rotation (some already on the new key, some not yet) agree.
 *
 * <p>Sub-keys are derived per purpose ({@link #derive(String)}): the credential cipher, idempotency
 * fingerprints and signed page tokens each use their own, so no value computed for one purpose can
 * be replayed as another's.
 */
public final class ServerKeys {
  public static final int KEY_BYTES = 32;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** One secret key and its id. {@code toString} never shows the key. */
  public record Key(String id, byte[] material) {
    public Key {
      if (id == null || !KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("a key id is 1-64 letters, digits, '.', '_' or '-'");
      }
      if (material == null || material.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "key "
                + id
                + " must be "
                + KEY_BYTES
                + " bytes, was "
                + (material == null ? 0 : material.length));
      }
      material = material.clone();
    }

    @Override
    public byte[] material() {
      return material.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other
          && id.equals(other.id)
          && Arrays.equals(material, other.material);
    }

    @Override
    public int hashCode() {
      return 31 * id.hashCode() + Arrays.hashCode(material);
    }

    @Override
    public String toString() {
      return "Key[id=" + id + ", material=<redacted>]";
    }
  }

  private final Key current;
  private final Map<String, Key> byId;

  private ServerKeys(Key current, List<Key> previous) {
    var all = new LinkedHashMap<String, Key>();
    all.put(current.id(), current);
    for (Key key : previous) {
      Key earlier = all.putIfAbsent(key.id(), key);
      if (earlier != null && !earlier.equals(key)) {
        throw new IllegalArgumentException(
            "key id " + key.id() + " is configured twice with different keys");
      }
    }
    this.current = current;
    this.byId = Collections.unmodifiableMap(all);
  }

  /**
   * @param previous keys that still open and verify, never used for anything new; may repeat the
   *     current one
   */
  public static ServerKeys of(Key current, List<Key> previous) {
    return new ServerKeys(current, List.copyOf(previous));
  }

  public static ServerKeys of(Key current) {
    return of(current, List.of());
  }

  public Key current() {
    return current;
  }

  public String currentKeyId() {
    return current.id();
  }

  /** Every configured key id, the current one first. */
  public Set<String> keyIds() {
    return byId.keySet();
  }

  public Optional<Key> key(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every configured key, the current one first. */
  public List<Key> all() {
    return new ArrayList<>(byId.values());
  }

  /**
   * A MAC key per configured key, derived for one {@code purpose} (for example {@code
   * "idempotency-fingerprint"} or {@code "page-token"}) with HKDF-SHA256 (RFC 5869), so the raw
   * keys are never used for two things.
   */
  public DerivedKey derive(String purpose) {
    return DerivedKey.of(this, purpose);
  }

  @Override
  public String toString() {
    return "ServerKeys[current=" + current.id() + ", keys=" + byId.keySet() + "]";
  }
}
