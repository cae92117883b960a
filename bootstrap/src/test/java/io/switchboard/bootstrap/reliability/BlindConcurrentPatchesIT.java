package io.switchboard.bootstrap.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.InboundChannel;
import io.switchboard.proto.v1.OutboundChannel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import io.switchboard.proto.v1.Webhook;
import io.switchboard.proto.v1.WebhookEvent;
import io.switchboard.proto.v1.WebhookMethod;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Case 2: 64 concurrent patches without etags, each of a different field, spread over gRPC and the
 * three REST dialects (each dialect patches the fields it knows). One number has only 14
 * independently patchable fields (8 channel settings, 6 routing fields), so the 64 patches cover
 * every field of four numbers plus the 8 channel settings of a fifth. Every field must hold the
 * value its patch wrote: no patch may overwrite another's field with a stale copy.
 */
class BlindConcurrentPatchesIT {
  private static final int PATCHES = 64;
  private static final int NUMBERS = 5;
  private static final int ROUNDS = 10;
  private static final List<String> COUNTRIES =
      List.of("US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "SE", "NO", "PL");

  private static final int MAX_ATTEMPTS = 5;
  private static final String RETRYABLE = "retryable: ";
  private static final AtomicInteger RETRIES = new AtomicInteger();

  private static ServiceUnderTest service;

  @BeforeAll
  static void start() throws Exception {
    service = ServiceUnderTest.start(BlindConcurrentPatchesIT.class, Map.of());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  enum Door {
    GRPC,
    MINDHUNTERS,
    VOICEOS,
    AGENTMESSAGE
  }

  /**
   * One independently patchable field: how to patch it through gRPC and through its REST dialect,
   * and read it.
   */
  enum Field {
    VOICE_ENABLED("channel_settings.voice.enabled", Door.MINDHUNTERS) {
      Object value(int n, int r) {
        return r % 2 == 1;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setChannelSettings(
            ChannelSettings.newBuilder()
                .setVoice(OutboundChannel.newBuilder().setEnabled((Boolean) v)));
      }

      String rest(Object v) {
        return "{\"channel_settings\":{\"voice\":{\"enabled\":" + v + "}}}";
      }

      Object read(PhoneNumber p) {
        return p.getChannelSettings().getVoice().getEnabled();
      }
    },
    VOICE_LIMIT("channel_settings.voice.channel_limit", Door.MINDHUNTERS) {
      Object value(int n, int r) {
        return 1000 + 10 * r + n;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setChannelSettings(
            ChannelSettings.newBuilder()
                .setVoice(OutboundChannel.newBuilder().setChannelLimit((Integer) v)));
      }

      String rest(Object v) {
        return "{\"channel_settings\":{\"voice\":{\"channel_limit\":" + v + "}}}";
      }

      Object read(PhoneNumber p) {
        return p.getChannelSettings().getVoice().getChannelLimit();
      }
    },
    VOICE_DESTINATIONS("channel_settings.voice.whitelisted_destinations", Door.MINDHUNTERS) {
      Object value(int n, int r) {
        return countries(n + r);
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setChannelSettings(
            ChannelSettings.newBuilder()
                .setVoice(OutboundChannel.newBuilder().addAllWhitelistedDestinations(strings(v))));
      }

      String rest(Object v) {
        return "{\"channel_settings\":{\"voice\":{\"whitelisted_destinations\":"
            + jsonArray(v)
            + "}}}";
      }

      Object read(PhoneNumber p) {
        return List.copyOf(p.getChannelSettings().getVoice().getWhitelistedDestinationsList());
      }
    },
    SMS_ENABLED("channel_settings.sms.enabled", Door.MINDHUNTERS) {
      Object value(int n, int r) {
        return r % 2 == 1;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setChannelSettings(
            ChannelSettings.newBuilder()
                .setSms(OutboundChannel.newBuilder().setEnabled((Boolean) v)));
      }

      String rest(Object v) {
        return "{\"channel_settings\":{\"sms\":{\"enabled\":" + v + "}}}";
      }

      Object read(PhoneNumber p) {
        return p.getChannelSettings().getSms().getEnabled();
      }
    },
    SMS_LIMIT("channel_settings.sms.channel_limit", Door.MINDHUNTERS) {
      Object value(int n, int r) {
        return 2000 + 10 * r + n;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setChannelSettings(
            ChannelSettings.newBuilder()
                .setSms(OutboundChannel.newBuilder().setChannelLimit((Integer) v)));
      }

      String rest(Object v) {
        return "{\"channel_settings\":{\"sms\":{\"channel_limit\":" + v + "}}}";
      }

      Object read(PhoneNumber p) {
        return p.getChannelSettings().getSms().getChannelLimit();
      }
    },
    SMS_DESTINATIONS("channel_settings.sms.whitelisted_destinations", Door.MINDHUNTERS) {
      Object value(int n, int r) {
        return countries(n + r + 5);
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setChannelSettings(
            ChannelSettings.newBuilder()
                .setSms(OutboundChannel.newBuilder().addAllWhitelistedDestinations(strings(v))));
      }

      String rest(Object v) {
        return "{\"channel_settings\":{\"sms\":{\"whitelisted_destinations\":"
            + jsonArray(v)
            + "}}}";
      }

      Object read(PhoneNumber p) {
        return List.copyOf(p.getChannelSettings().getSms().getWhitelistedDestinationsList());
      }
    },
    INBOUND_ENABLED("channel_settings.inbound.enabled", Door.MINDHUNTERS) {
      Object value(int n, int r) {
        return r % 2 == 1;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setChannelSettings(
            ChannelSettings.newBuilder()
                .setInbound(InboundChannel.newBuilder().setEnabled((Boolean) v)));
      }

      String rest(Object v) {
        return "{\"channel_settings\":{\"inbound\":{\"enabled\":" + v + "}}}";
      }

      Object read(PhoneNumber p) {
        return p.getChannelSettings().getInbound().getEnabled();
      }
    },
    INBOUND_LIMIT("channel_settings.inbound.channel_limit", Door.MINDHUNTERS) {
      Object value(int n, int r) {
        return 3000 + 10 * r + n;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setChannelSettings(
            ChannelSettings.newBuilder()
                .setInbound(InboundChannel.newBuilder().setChannelLimit((Integer) v)));
      }

      String rest(Object v) {
        return "{\"channel_settings\":{\"inbound\":{\"channel_limit\":" + v + "}}}";
      }

      Object read(PhoneNumber p) {
        return p.getChannelSettings().getInbound().getChannelLimit();
      }
    },
    INBOUND_AGENT("routing.inbound_agent_id", Door.VOICEOS) {
      Object value(int n, int r) {
        return agentId(n, r);
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setRouting(Routing.newBuilder().setInboundAgentId((String) v));
      }

      String rest(Object v) {
        return "{\"inbound_agent_id\":\"" + v + "\"}";
      }

      Object read(PhoneNumber p) {
        return p.getRouting().getInboundAgentId();
      }
    },
    WEBHOOKS("routing.webhooks", Door.VOICEOS) {
      Object value(int n, int r) {
        return "https://hooks.example/" + n + "/" + r;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setRouting(
            Routing.newBuilder()
                .addWebhooks(
                    Webhook.newBuilder()
                        .setUrl((String) v)
                        .addEvents(WebhookEvent.WEBHOOK_EVENT_PHONE_CALL_CONNECTION_REQUESTED)
                        .setMethod(WebhookMethod.WEBHOOK_METHOD_POST)));
      }

      String rest(Object v) {
        return "{\"webhooks\":[{\"events\":[\"phone_call:connection_requested\"],\"url\":\""
            + v
            + "\",\"method\":\"POST\",\"headers\":{},\"filter\":\"\"}]}";
      }

      Object read(PhoneNumber p) {
        return p.getRouting().getWebhooksCount() == 1
            ? p.getRouting().getWebhooks(0).getUrl()
            : p.getRouting().getWebhooksList().toString();
      }
    },
    INBOUND_URL("routing.inbound_url", Door.AGENTMESSAGE) {
      Object value(int n, int r) {
        return "https://inbound.example/" + n + "/" + r;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setRouting(Routing.newBuilder().setInboundUrl((String) v));
      }

      String rest(Object v) {
        return "{\"inbound_url\":\"" + v + "\"}";
      }

      Object read(PhoneNumber p) {
        return p.getRouting().getInboundUrl();
      }
    },
    STATUS_URL("routing.status_url", Door.AGENTMESSAGE) {
      Object value(int n, int r) {
        return "https://status.example/" + n + "/" + r;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setRouting(Routing.newBuilder().setStatusUrl((String) v));
      }

      String rest(Object v) {
        return "{\"status_url\":\"" + v + "\"}";
      }

      Object read(PhoneNumber p) {
        return p.getRouting().getStatusUrl();
      }
    },
    LABEL("routing.label", Door.AGENTMESSAGE) {
      Object value(int n, int r) {
        return "line " + n + " round " + r;
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setRouting(Routing.newBuilder().setLabel((String) v));
      }

      String rest(Object v) {
        return "{\"label\":\"" + v + "\"}";
      }

      Object read(PhoneNumber p) {
        return p.getRouting().getLabel();
      }
    },
    CAMPAIGN("routing.campaign_id", Door.AGENTMESSAGE) {
      Object value(int n, int r) {
        return UUID.nameUUIDFromBytes(("campaign " + n + " " + r).getBytes(StandardCharsets.UTF_8))
            .toString();
      }

      void grpc(PhoneNumber.Builder p, Object v) {
        p.setRouting(Routing.newBuilder().setCampaignId((String) v));
      }

      String rest(Object v) {
        return "{\"campaign_id\":\"" + v + "\"}";
      }

      Object read(PhoneNumber p) {
        return p.getRouting().getCampaignId();
      }
    };

    final String maskPath;
    final Door restDoor;

    Field(String maskPath, Door restDoor) {
      this.maskPath = maskPath;
      this.restDoor = restDoor;
    }

    abstract Object value(int number, int round);

    abstract void grpc(PhoneNumber.Builder patch, Object value);

    abstract String rest(Object value);

    abstract Object read(PhoneNumber number);
  }

  record Slot(int numberIndex, Field field) {}

  @Test
  void every_field_patched_concurrently_persists() throws Exception {
    List<PhoneNumber> numbers = service.buyNumbers(NUMBERS);
    for (int n = 0; n < NUMBERS; n++) {
      for (int r = 0; r < ROUNDS; r++) {
        service.upsertAgent(agentId(n, r));
      }
    }
    List<Slot> slots = new ArrayList<>();
    for (int n = 0; n < NUMBERS && slots.size() < PATCHES; n++) {
      for (Field f : Field.values()) {
        if (slots.size() < PATCHES) {
          slots.add(new Slot(n, f));
        }
      }
    }
    assertThat(slots).hasSize(PATCHES);

    Map<Door, AtomicInteger> perDoor = new ConcurrentHashMap<>();
    Map<String, String> failures = new ConcurrentHashMap<>();
    int lostFields = 0;
    ExecutorService pool = Executors.newFixedThreadPool(PATCHES);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        int r = round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (Slot slot : slots) {
          PhoneNumber target = numbers.get(slot.numberIndex());
          // alternate doors so every field is patched through gRPC and through its REST dialect
          // over the rounds
          Door door =
              (slot.numberIndex() + slot.field().ordinal() + r) % 2 == 0
                  ? slot.field().restDoor
                  : Door.GRPC;
          perDoor.computeIfAbsent(door, d -> new AtomicInteger()).incrementAndGet();
          Object value = slot.field().value(slot.numberIndex(), r);
          calls.add(
              pool.submit(() -> {
                go.await();
                String outcome = patch(door, target, slot.field(), value);
                if (outcome != null) {
                  failures.put("round " + r + " " + slot + " via " + door, outcome);
                }
                return null;
              }));
        }
        go.countDown();
        for (Future<?> call : calls) {
          call.get(2, TimeUnit.MINUTES);
        }
        Map<Integer, PhoneNumber> after = new TreeMap<>();
        for (int n = 0; n < NUMBERS; n++) {
          after.put(
              n,
              service
                  .numbers()
                  .getPhoneNumber(
                      GetPhoneNumberRequest.newBuilder()
                          .setPhoneNumber(PhoneNumberRef.newBuilder().setId(numbers.get(n).getId()))
                          .build()));
        }
        for (Slot slot : slots) {
          Object expected = slot.field().value(slot.numberIndex(), r);
          Object actual = slot.field().read(after.get(slot.numberIndex()));
          if (!expected.equals(actual)) {
            lostFields++;
            failures.put(
                "round " + r + " " + slot + " lost", "expected " + expected + ", found " + actual);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }

    ServiceUnderTest.figure(
        "blind-concurrent-patches",
        PATCHES
            + " concurrent patches of distinct fields ("
            + NUMBERS
            + " numbers) x "
            + ROUNDS
            + " rounds = "
            + PATCHES * ROUNDS
            + " patches, by door "
            + new TreeMap<>(perDoor)
            + ", retried after UNAVAILABLE/503 "
            + RETRIES.get()
            + ", failed calls "
            + failures.keySet().stream().filter(k -> !k.endsWith("lost")).count()
            + ", fields lost "
            + lostFields);
    assertThat(failures).as("every patch answered OK and every field persisted").isEmpty();
    assertThat(lostFields).isZero();
  }

  /**
   * Returns null on success, else what went wrong. UNAVAILABLE / 503 is retried as its Retry-After
   * / RetryInfo says: on a loaded machine 64 patches of one number can outwait the pool's 5 s
   * connection timeout, and a blind patch is safe to repeat. Every retry is counted and printed.
   */
  private static String patch(Door door, PhoneNumber target, Field field, Object value)
      throws Exception {
    String outcome = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      outcome = patchOnce(door, target, field, value);
      if (outcome == null || !outcome.startsWith(RETRYABLE)) {
        return outcome;
      }
      RETRIES.incrementAndGet();
      Thread.sleep(1000);
    }
    return outcome;
  }

  private static String patchOnce(Door door, PhoneNumber target, Field field, Object value)
      throws Exception {
    if (door == Door.GRPC) {
      PhoneNumber.Builder patch = PhoneNumber.newBuilder().setId(target.getId());
      field.grpc(patch, value);
      try {
        PhoneNumberServiceGrpc.newBlockingStub(service.channel())
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .updatePhoneNumber(
                UpdatePhoneNumberRequest.newBuilder()
                    .setPhoneNumber(patch)
                    .setUpdateMask(FieldMask.newBuilder().addPaths(field.maskPath))
                    .build());
        return null;
      } catch (io.grpc.StatusRuntimeException e) {
        return (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE ? RETRYABLE : "")
            + e.getStatus();
      }
    }
    String path =
        switch (door) {
          case MINDHUNTERS -> "/api/v1/phone-numbers/" + target.getId();
          case VOICEOS ->
              "/phone_numbers/" + URLEncoder.encode(target.getNumber(), StandardCharsets.UTF_8);
          case AGENTMESSAGE -> "/v1/phone-numbers/" + target.getId();
          case GRPC -> throw new IllegalStateException();
        };
    HttpResponse<String> response = service.send("PATCH", path, field.rest(value));
    if (response.statusCode() == 200) {
      return null;
    }
    return (response.statusCode() == 503 ? RETRYABLE : "")
        + response.statusCode()
        + " "
        + response.body();
  }

  private static String agentId(int number, int round) {
    return "agent-" + number + "-" + round;
  }

  private static List<String> countries(int seed) {
    return List.of(
        COUNTRIES.get(seed % COUNTRIES.size()), COUNTRIES.get((seed + 3) % COUNTRIES.size()));
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return (List<String>) value;
  }

  private static String jsonArray(Object value) {
    return strings(value).stream()
        .map(c -> "\"" + c + "\"")
        .reduce((a, b) -> a + "," + b)
        .map(s -> "[" + s + "]")
        .orElse("[]");
  }
}
