package io.switchboard.application.webhook;

import io.switchboard.application.common.BackgroundLoop;
import io.switchboard.application.port.ChangeFeed;
import io.switchboard.application.port.SecretCipher;
import io.switchboard.application.port.Transactions;
import io.switchboard.application.port.WebhookDeliveryRepository;
import io.switchboard.application.port.WebhookEndpointRepository;
import io.switchboard.application.port.WebhookSender;
import io.switchboard.application.webhook.WebhookDeliveryObserver.Outcome;
import io.switchboard.domain.change.ChangeEvent;
import io.switchboard.domain.routing.OutboundTargetPolicy;
import io.switchboard.domain.webhook.WebhookDelivery;
import io.switchboard.domain.webhook.WebhookEndpoint;
import io.switchboard.domain.webhook.WebhookEventType;
import io.switchboard.domain.webhook.WebhookRetryPolicy;
import io.switchboard.domain.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook messages, at least once, in order per resource, durably.
 *
 * <p>Each pass: lease the enabled endpoints no other replica holds (the lease, in the database,
 * makes one replica deliver each endpoint; a replica that dies lets its leases expire and another
 * takes them over); for each, <em>make</em> its messages from the change feed after its cursor (one
 * row per matching event, stored with its body, and the cursor moved past them in the same
 * transaction, so a restart neither loses nor repeats a message), then <em>send</em> what is due:
 * of each resource's pending messages the oldest, so one resource's failing message holds back only
 * that resource's later ones. A 2xx delivers it; a 410 disables the endpoint; anything else is
 * retried with exponential backoff and jitter until the retry window is over, when the message has
 * failed and the endpoint is marked failing. The message id is derived from endpoint and revision:
 * a message sent twice (a replica died between sending and recording) carries the same {@code
 * webhook-id}, which receivers deduplicate on.
 */
public final class WebhookDeliveryEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryEngine.class);

  /**
   * @param retry the backoff and the retry window
   * @param pollInterval how long an idle engine waits before looking again (new changes wake it
   *     sooner)
   * @param leaseTtl how long a replica's lease on an endpoint lasts unless renewed: how soon
   *     another replica takes over from a dead one; longer than a pass (an HTTP timeout and then
   *     some)
   * @param batch how many change events one pass reads per endpoint, and how many messages it sends
   *     at once
   */
  public record Settings(
      WebhookRetryPolicy retry, Duration pollInterval, Duration leaseTtl, int batch) {
    public static final Settings DEFAULT =
        new Settings(
            WebhookRetryPolicy.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(60), 100);

    public Settings {
      Objects.requireNonNull(retry, "retry");
      if (!pollInterval.isPositive() || !leaseTtl.isPositive() || batch < 1) {
        throw new IllegalArgumentException("poll interval, lease and batch must be positive");
      }
    }
  }

  private static final int MAX_ENDPOINTS_PER_PASS = 1000;

  /**
   * Changes arriving closer together than this make one pass: an idle pass is a transaction (the
   * endpoints' leases), which a steady stream of writes would otherwise run once per change. A
   * message waits this much longer at most.
   */
  static final Duration WAKE_COALESCING = Duration.ofMillis(50);

  private final WebhookEndpointRepository endpoints;
  private final WebhookDeliveryRepository deliveries;
  private final ChangeFeed feed;
  private final SecretCipher cipher;
  private final Transactions tx;
  private final WebhookSender sender;
  private final OutboundTargetPolicy outbound;
  private final WebhookDeliveryObserver observer;
  private final Clock clock;
  private final Settings settings;
  private final String owner;
  private final RandomGenerator random;
  private final BackgroundLoop loop;
  private AutoCloseable subscription;

  public WebhookDeliveryEngine(
      WebhookEndpointRepository endpoints,
      WebhookDeliveryRepository deliveries,
      ChangeFeed feed,
      SecretCipher cipher,
      Transactions tx,
      WebhookSender sender,
      OutboundTargetPolicy outbound,
      WebhookDeliveryObserver observer,
      Clock clock,
      Settings settings,
      String owner,
      RandomGenerator random) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.feed = feed;
    this.cipher = cipher;
    this.tx = tx;
    this.sender = sender;
    this.outbound = outbound;
    this.observer = observer;
    this.clock = clock;
    this.settings = settings;
    this.owner = Objects.requireNonNull(owner, "owner");
    this.random = random;
    this.loop =
        new BackgroundLoop(
            "webhook-delivery", settings.pollInterval(), WAKE_COALESCING, () -> runOnce() > 0);
  }

  /** The replica's name in the leases it holds. */
  public String owner() {
    return owner;
  }

  /** Starts delivering in the background until {@link #close()}. */
  public synchronized void start() {
    if (loop.start()) {
      subscription = feed.subscribe(revision -> loop.wake());
    }
  }

  /**
   * One pass over the endpoints this replica leases: makes their new messages and sends those due.
   * Returns how many messages it sent (0 when there was nothing to do).
   */
  public int runOnce() {
    List<WebhookEndpoint> leased =
        tx.inTransaction(() -> endpoints.claim(owner, settings.leaseTtl(), MAX_ENDPOINTS_PER_PASS));
    int sent = 0;
    for (WebhookEndpoint endpoint : leased) {
      if (loop.stopping()) {
        break;
      }
      try {
        make(endpoint);
        sent += send(endpoint);
        observer.backlog(
            endpoint.id(), tx.read(Optional.empty(), () -> deliveries.backlog(endpoint.id())));
      } catch (RuntimeException e) {
        log.warn("Delivering to webhook endpoint {} failed: {}", endpoint.id(), e.toString());
      }
    }
    return sent;
  }

  /**
   * Makes the endpoint's messages for the change events after its cursor; moves the cursor past
   * them, or to the feed's head when the organization has no more (so an endpoint of a quiet
   * organization does not hold back the retention purge).
   */
  private void make(WebhookEndpoint endpoint) {
    boolean more = true;
    while (more) {
      more =
          tx.inTransaction(() -> {
            long head = feed.latestRevision();
            long cursor = endpoints.cursor(endpoint.id());
            if (cursor < feed.oldestRevision() - 1) {
              log.warn(
                  "Webhook endpoint {} resumes after revision {}, but the change feed starts at {}:"
                      + " the changes in between were purged while it was disabled",
                  endpoint.id(),
                  cursor,
                  feed.oldestRevision());
            }
            List<ChangeEvent> events =
                feed.after(endpoint.organizationId(), cursor, settings.batch());
            Instant now = clock.instant();
            for (ChangeEvent event : events) {
              Optional<WebhookEventType> type =
                  WebhookEventType.of(event.resourceType(), event.action());
              if (type.isPresent() && endpoint.wants(type.get())) {
                deliveries.insertIfAbsent(
                    WebhookDelivery.create(
                        endpoint,
                        event.revision(),
                        type.get(),
                        WebhookPayload.resourceKey(event),
                        WebhookPayload.of(event, type.get()),
                        now));
              }
            }
            boolean full = events.size() == settings.batch();
            // fewer than a batch: every change of the organization up to the head read first is
            // among them (revisions become visible in order), so the cursor may move to the head
            long last = events.isEmpty() ? cursor : events.getLast().revision();
            long through = full ? last : Math.max(head, last);
            if (through > cursor && !endpoints.advance(endpoint.id(), owner, through)) {
              throw new LostLease();
            }
            return full;
          });
    }
  }

  /** Sends the endpoint's due messages, one per resource, at once; returns how many. */
  private int send(WebhookEndpoint endpoint) {
    List<WebhookDelivery> due =
        tx.read(
            Optional.empty(),
            () -> deliveries.due(endpoint.id(), clock.instant(), settings.batch()));
    if (due.isEmpty()) {
      return 0;
    }
    try (ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (WebhookDelivery delivery : due) {
        running.add(attempts.submit(() -> attempt(endpoint, delivery)));
      }
      for (Future<?> attempt : running) {
        try {
          attempt.get();
        } catch (java.util.concurrent.ExecutionException e) {
          log.warn("A webhook attempt failed to be recorded: {}", e.getCause().toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return due.size();
  }

  private void attempt(WebhookEndpoint endpoint, WebhookDelivery delivery) {
    Instant sentAt = clock.instant();
    WebhookSender.Response response;
    Optional<String> refusal =
        outbound.allowsPrivateTargets()
            ? Optional.empty()
            : OutboundTargetPolicy.refusal(endpoint.url());
    if (refusal.isPresent()) {
      response =
          new WebhookSender.Failed("refused target: the URL " + refusal.get(), Duration.ZERO);
    } else {
      List<WebhookSecret> secrets =
          endpoint.signingSecrets(sentAt).stream()
              .map(cipher::open)
              .map(WebhookSecret::parse)
              .toList();
      Map<String, String> headers =
          WebhookSigner.headers(delivery.id(), sentAt, delivery.body(), secrets);
      response =
          sender.post(endpoint.url(), headers, delivery.body().getBytes(StandardCharsets.UTF_8));
    }
    record(endpoint, delivery, response);
  }

  private void record(
      WebhookEndpoint endpoint, WebhookDelivery delivery, WebhookSender.Response response) {
    Instant now = clock.instant();
    Outcome outcome =
        tx.inTransaction(() -> {
          Optional<WebhookEndpoint> current =
              endpoints.lock(endpoint.organizationId(), endpoint.id());
          if (current.isEmpty()) {
            return null; // deleted meanwhile, with its messages: nothing to record
          }
          WebhookEndpoint stored = current.get();
          WebhookEndpoint next;
          WebhookDelivery recorded;
          Outcome result;
          if (response instanceof WebhookSender.Answered answered && answered.isSuccess()) {
            recorded = delivery.succeeded(answered.statusCode(), answered.latency(), now);
            next = stored.markedActive(now);
            result = Outcome.SUCCEEDED;
          } else if (response instanceof WebhookSender.Answered answered
              && answered.statusCode() == 410) {
            recorded =
                delivery.failed(
                    Optional.of(410),
                    answered.latency(),
                    Optional.of("HTTP 410 Gone: the endpoint is disabled"),
                    Optional.empty(),
                    now);
            next = stored.disabledByReceiver(now);
            result = Outcome.GONE;
          } else {
            Optional<Integer> status =
                response instanceof WebhookSender.Answered a
                    ? Optional.of(a.statusCode())
                    : Optional.empty();
            String error =
                switch (response) {
                  case WebhookSender.Answered a -> "HTTP " + a.statusCode();
                  case WebhookSender.Failed f -> f.reason();
                };
            Optional<Instant> retry =
                settings
                    .retry()
                    .nextAttempt(delivery.attempts() + 1, delivery.windowStart(), now, random);
            recorded = delivery.failed(status, response.latency(), Optional.of(error), retry, now);
            next = retry.isPresent() ? stored : stored.markedFailing(now);
            result = retry.isPresent() ? Outcome.RETRYING : Outcome.FAILED;
          }
          deliveries.update(recorded);
          if (next != stored) {
            endpoints.update(next);
          }
          return result;
        });
    if (outcome == null) {
      return;
    }
    observer.attempted(endpoint.id(), outcome, response.latency());
    if (outcome == Outcome.GONE) {
      log.warn("Webhook endpoint {} answered 410 Gone: it is disabled", endpoint.id());
    } else if (outcome == Outcome.FAILED) {
      log.warn(
          "Webhook message {} to endpoint {} failed for good after {} attempts: the endpoint is"
              + " marked failing",
          delivery.id(),
          endpoint.id(),
          delivery.attempts() + 1);
    }
  }

  /** Stops delivering and gives up this replica's leases, so another replica takes over at once. */
  @Override
  public synchronized void close() {
    if (!loop.close()) {
      return;
    }
    try {
      if (subscription != null) {
        subscription.close();
      }
    } catch (Exception e) {
      log.debug("Closing the change-feed subscription failed: {}", e.toString());
    }
    try {
      tx.run(() -> endpoints.release(owner));
    } catch (RuntimeException e) {
      log.warn("Releasing the webhook leases failed (they expire): {}", e.toString());
    }
  }

  /** Another replica holds the endpoint now: what this pass made is rolled back. */
  private static final class LostLease extends RuntimeException {
    LostLease() {
      super("the lease on the endpoint was lost", null, false, false);
    }
  }
}
