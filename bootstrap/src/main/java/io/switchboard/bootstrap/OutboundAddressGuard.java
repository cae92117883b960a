package io.switchboard.bootstrap;

import io.switchboard.domain.routing.OutboundTargetPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.stream.Stream;

/**
 * Refuses, at connect time, a webhook host name that resolves to a loopback, private, link-local or
 * otherwise non-public address (DNS rebinding: a name that was public when the endpoint was
 * registered, or on an earlier lookup, may answer 127.0.0.1 now). Installed as the JVM's name
 * resolver ({@code META-INF/services}); it judges only lookups on threads that send webhooks
 * (marked with {@link #guarding}), and delegates every other lookup untouched. The addresses a
 * guarded lookup returns are the ones the HTTP client connects to, so there is no window between
 * the check and the connection.
 */
public final class OutboundAddressGuard extends InetAddressResolverProvider {
  private static final ThreadLocal<Boolean> GUARDED = ThreadLocal.withInitial(() -> false);
  private static volatile boolean installed;

  /** Whether the JVM resolves names through this guard (the service file was found). */
  static boolean installed() {
    try {
      InetAddress.getByName("localhost"); // the first lookup loads the resolver
    } catch (UnknownHostException e) {
      // no localhost: the loading still happened
    }
    return installed;
  }

  /** Runs {@code work} with the lookups on this thread judged. */
  static Runnable guarding(Runnable work) {
    return () -> {
      GUARDED.set(true);
      work.run();
    };
  }

  /** Marks the current thread for good (a thread of the webhook HTTP client). */
  static void guardCurrentThread() {
    GUARDED.set(true);
  }

  static void unguardCurrentThread() {
    GUARDED.remove();
  }

  @Override
  public InetAddressResolver get(Configuration configuration) {
    installed = true;
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy)
          throws UnknownHostException {
        if (!GUARDED.get()) {
          return builtin.lookupByName(host, lookupPolicy);
        }
        List<InetAddress> addresses = builtin.lookupByName(host, lookupPolicy).toList();
        for (InetAddress address : addresses) {
          if (!OutboundTargetPolicy.isPublic(address)) {
            throw new UnknownHostException(
                host
                    + " resolves to a non-public address: refused (webhooks call public hosts only)");
          }
        }
        return addresses.stream();
      }

      @Override
      public String lookupByAddress(byte[] addr) throws UnknownHostException {
        return builtin.lookupByAddress(addr);
      }
    };
  }

  @Override
  public String name() {
    return "switchboard-outbound-address-guard";
  }
}
