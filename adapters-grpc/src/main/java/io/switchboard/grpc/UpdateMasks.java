package io.switchboard.grpc;

import com.google.protobuf.FieldMask;
import io.switchboard.domain.common.Violations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The update masks of every Update method (AIP-134), read the same way: a path names a field or a
 * whole message, and stands for the updatable leaf fields at or under it; {@code *} stands for all
 * of them.
 */
final class UpdateMasks {
  /**
   * A path is echoed in the error; a hostile one must not make the answer as large as the request.
   */
  private static final int MAX_ECHOED_PATH = 64;

  private UpdateMasks() {}

  /**
   * The updatable leaf paths the mask selects, in the order the mask names them; an empty mask and
   * each path that selects nothing (unknown or read-only) are recorded as violations of {@code
   * update_mask}.
   */
  static Set<String> leaves(FieldMask mask, List<String> updatable, Violations violations) {
    var leaves = new LinkedHashSet<String>();
    if (mask.getPathsCount() == 0) {
      violations.add("update_mask", "must name at least one field to change");
      return leaves;
    }
    for (String path : mask.getPathsList()) {
      if (path.equals("*")) {
        leaves.addAll(updatable);
        continue;
      }
      List<String> matched =
          updatable.stream().filter(p -> p.equals(path) || p.startsWith(path + ".")).toList();
      if (matched.isEmpty()) {
        violations.add("update_mask", "unknown or read-only field " + abbreviate(path));
      }
      leaves.addAll(matched);
    }
    return leaves;
  }

  private static String abbreviate(String path) {
    return path.length() > MAX_ECHOED_PATH ? path.substring(0, MAX_ECHOED_PATH) + "…" : path;
  }
}
