package io.switchboard.bootstrap;

import java.util.HashMap;
import java.util.Map;

/**
 * Settings every in-test service shares: free ports for management too, and no drain wait when a
 * test stops it.
 */
public final class TestEnvironment {

  private TestEnvironment() {}

  /**
   * {@code settings} plus a free management port, no drain and no warm-up, unless {@code settings}
   * say otherwise.
   */
  public static Map<String, String> withTestDefaults(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put(Config.MANAGEMENT_PORT, "0");
    all.put(Config.SHUTDOWN_DRAIN_SECONDS, "0");
    all.put(Config.WARMUP_SECONDS, "0"); // WarmupIT runs it; the other tests start faster without
    all.put(Config.JOB_POLL_MILLIS, "100"); // a stored job starts within a tenth of a second

    all.putAll(settings);
    return all;
  }
}
