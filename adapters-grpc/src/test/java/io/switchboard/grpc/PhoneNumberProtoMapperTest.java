package io.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.FieldMask;
import io.switchboard.application.common.PhoneNumberRef;
import io.switchboard.domain.channel.ChannelLimit;
import io.switchboard.domain.common.Patch;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.number.CountryCode;
import io.switchboard.domain.routing.Label;
import io.switchboard.proto.v1.ChannelSettings;
import io.switchboard.proto.v1.OutboundChannel;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import io.switchboard.proto.v1.Webhook;
import io.switchboard.proto.v1.WebhookEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PhoneNumberProtoMapperTest {

  static final String ID = UUID.randomUUID().toString();
  static final PhoneNumber FULL =
      PhoneNumber.newBuilder()
          .setId(ID)
          .setChannelSettings(
              ChannelSettings.newBuilder()
                  .setVoice(
                      OutboundChannel.newBuilder()
                          .setEnabled(true)
                          .setChannelLimit(3)
                          .addWhitelistedDestinations("de"))
                  .setSms(OutboundChannel.newBuilder().setChannelLimit(4)))
          .setRouting(
              Routing.newBuilder().setLabel("Support").setInboundUrl("https://in.example.com"))
          .build();

  static UpdatePhoneNumberRequest update(PhoneNumber number, String... paths) {
    return UpdatePhoneNumberRequest.newBuilder()
        .setPhoneNumber(number)
        .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)))
        .build();
  }

  @Test
  void only_masked_fields_become_patches() {
    var command =
        PhoneNumberProtoMapper.updateCommand(
            update(FULL, "channel_settings.voice.channel_limit", "routing.label"));
    assertThat(command.ref())
        .isEqualTo(new PhoneNumberRef.ById(io.switchboard.domain.number.PhoneNumberId.parse(ID)));
    assertThat(command.channelSettings().voice().channelLimit())
        .isEqualTo(Patch.set(new ChannelLimit(3)));
    assertThat(command.channelSettings().voice().enabled().isKeep()).isTrue();
    assertThat(command.channelSettings().sms().isEmpty()).isTrue();
    assertThat(command.routing().label()).isEqualTo(Patch.set(new Label("Support")));
    assertThat(command.routing().inboundUrl().isKeep()).isTrue();
    assertThat(command.expectedEtag()).isEmpty();
  }

  @Test
  void a_parent_path_or_star_expands_to_its_fields_and_empty_values_clear() {
    var voice =
        PhoneNumberProtoMapper.updateCommand(update(FULL, "channel_settings.voice"))
            .channelSettings()
            .voice();
    assertThat(voice.enabled()).isEqualTo(Patch.set(true));
    assertThat(voice.whitelistedDestinations())
        .isEqualTo(Patch.set(List.of(new CountryCode("DE"))));

    var all = PhoneNumberProtoMapper.updateCommand(update(FULL, "*"));
    assertThat(all.routing().statusUrl()).isEqualTo(Patch.clear());
    assertThat(all.routing().webhooks()).isEqualTo(Patch.clear());
    assertThat(all.channelSettings().sms().whitelistedDestinations()).isEqualTo(Patch.clear());
    assertThat(all.channelSettings().inbound().enabled()).isEqualTo(Patch.set(false));
  }

  @Test
  void unknown_read_only_and_missing_masks_are_refused_with_every_violation() {
    assertThatThrownBy(() ->
            PhoneNumberProtoMapper.updateCommand(
                update(PhoneNumber.getDefaultInstance(), "status", "routing.nope")))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactly("phone_number.id", "update_mask", "update_mask"));
    assertThatThrownBy(() -> PhoneNumberProtoMapper.updateCommand(update(FULL)))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactly("update_mask"));
    assertThatThrownBy(() ->
            PhoneNumberProtoMapper.updateCommand(update(FULL, "channel_settings.voice.enabledx")))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void webhook_violations_are_named_by_index() {
    var number =
        PhoneNumber.newBuilder()
            .setId(ID)
            .setRouting(
                Routing.newBuilder()
                    .addWebhooks(
                        Webhook.newBuilder()
                            .addEvents(WebhookEvent.WEBHOOK_EVENT_PHONE_CALL_STARTED)
                            .setUrl("https://ok.example.com"))
                    .addWebhooks(Webhook.newBuilder().setUrl("ftp://no")))
            .build();
    assertThatThrownBy(
            () -> PhoneNumberProtoMapper.updateCommand(update(number, "routing.webhooks")))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactly("phone_number.routing.webhooks[1].url"));
  }

  @Test
  void duplicate_destinations_are_reported_under_the_channel() {
    var number =
        PhoneNumber.newBuilder()
            .setId(ID)
            .setChannelSettings(
                ChannelSettings.newBuilder()
                    .setSms(
                        OutboundChannel.newBuilder()
                            .addWhitelistedDestinations("US")
                            .addWhitelistedDestinations("us")))
            .build();
    assertThatThrownBy(() ->
            PhoneNumberProtoMapper.updateCommand(
                update(number, "channel_settings.sms.whitelisted_destinations")))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field())
                    .containsExactly("phone_number.channel_settings.sms.whitelisted_destinations"));
  }
}
