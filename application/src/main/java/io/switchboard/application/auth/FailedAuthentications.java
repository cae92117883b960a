package io.switchboard.application.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Failed authentications per client address: each is reported to a listener (the metric), and an
 * address that keeps failing waits longer before it hears so, which makes guessing keys from one
 * address slow. Only failures wait: a valid key never does, whatever its address did before. At
 * most {@link #MAX_WAITING} failures wait at once (the others are answered at once), so waiting
 * attackers can hold only that many request threads.
 */
public final class FailedAuthentications {
  /** Failures of one address within {@link #WINDOW} that are answered at once. */
  public static final int FREE_FAILURES = 10;

  /** How long an address's failures are remembered after its first one. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  /** Failures beyond the free ones until the wait reaches its maximum. */
  static final int STEPS_TO_MAX = 20;

  static final int MAX_WAITING = 16;
  private static final long MAX_ADDRESSES = 100_000;

  /** Told about every failed authentication (a metric counts them per address). */
  public interface Listener {
    void failed(String clientAddress);
  }

  /** How the wait is spent; tests record it instead. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Duration maxDelay;
  private final Listener listener;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Cache<String, Failures> failures;
  private final Semaphore waiting = new Semaphore(MAX_WAITING);

  /**
   * @param maxDelay the longest wait of a failure; {@link Duration#ZERO} turns slowing down off
   *     (failures are still counted and reported)
   */
  public FailedAuthentications(Duration maxDelay, Listener listener, Clock clock, Sleeper sleeper) {
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxDelay must not be negative");
    }
    this.maxDelay = maxDelay;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = clock;
    this.sleeper = sleeper;
    this.failures =
        Caffeine.newBuilder().maximumSize(MAX_ADDRESSES).executor(Runnable::run).build();
  }

  public FailedAuthentications(Duration maxDelay, Listener listener, Clock clock) {
    this(maxDelay, listener, clock, d -> Thread.sleep(d.toMillis()));
  }

  /** Counts nothing anywhere and never waits. */
  public static FailedAuthentications off(Clock clock) {
    return new FailedAuthentications(Duration.ZERO, address -> {}, clock);
  }

  /**
   * Records a failure of this address, reports it, and waits as long as the address's recent
   * failures say.
   */
  Duration failed(String clientAddress) {
    String address = normalize(clientAddress);
    listener.failed(address);
    Instant now = clock.instant();
    Failures counted =
        failures
            .asMap()
            .compute(
                address,
                (a, previous) ->
                    previous == null || now.isAfter(previous.since.plus(WINDOW))
                        ? new Failures(now, 1)
                        : previous.plusOne());
    Duration delay = delayAfter(counted.count);
    if (delay.isZero() || !waiting.tryAcquire()) {
      return Duration.ZERO;
    }
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.release();
    }
    return delay;
  }

  /**
   * The wait after the {@code count}th failure within the window: none at first, then growing to
   * the maximum.
   */
  Duration delayAfter(int count) {
    if (maxDelay.isZero() || count <= FREE_FAILURES) {
      return Duration.ZERO;
    }
    int steps = Math.min(STEPS_TO_MAX, count - FREE_FAILURES);
    return maxDelay.multipliedBy(steps).dividedBy(STEPS_TO_MAX);
  }

  /**
   * An IPv6 client commonly holds a whole /64 and can pick any address in it: its failures count
   * together. IPv4 addresses count one by one.
   */
  static String normalize(String clientAddress) {
    if (clientAddress == null || clientAddress.isBlank()) {
      return "unknown";
    }
    String address = clientAddress.strip();
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    if (address.indexOf(':') < 0
        || !address
            .chars()
            .allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
      return address;
    }
    try {
      int zone = address.indexOf('%');
      byte[] bytes =
          InetAddress.getByName(zone < 0 ? address : address.substring(0, zone)).getAddress();
      if (bytes.length != 16) {
        return InetAddress.getByAddress(bytes).getHostAddress();
      }
      for (int i = 8; i < 16; i++) {
        bytes[i] = 0;
      }
      return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      return address;
    }
  }

  private record Failures(Instant since, int count) {
    Failures plusOne() {
      return new Failures(since, count == Integer.MAX_VALUE ? count : count + 1);
    }
  }
}
