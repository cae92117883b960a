package io.switchboard.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.bootstrap.cli.CsvReader.MalformedCsvException;
import io.switchboard.bootstrap.cli.CsvReader.Row;
import io.switchboard.proto.v1.StartUpdateNumbersJobRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateNumbersCsvTest {

  @Test
  void the_header_after_number_is_the_mask_and_each_cell_the_new_value() {
    var format =
        UpdateNumbersCsv.fromHeader(
            new Row(
                1,
                List.of(
                    "number",
                    "routing.label",
                    "channel_settings.voice.enabled",
                    "channel_settings.voice.channel_limit",
                    "channel_settings.voice.whitelisted_destinations",
                    "etag")));

    StartUpdateNumbersJobRequest.Item item =
        format.item(new Row(2, List.of("+12084439178", "support", "yes", "5", "US; CA", "e1")));

    assertThat(item.getUpdateMask().getPathsList())
        .containsExactly(
            "routing.label",
            "channel_settings.voice.enabled",
            "channel_settings.voice.channel_limit",
            "channel_settings.voice.whitelisted_destinations");
    var number = item.getPhoneNumber();
    assertThat(number.getNumber()).isEqualTo("+12084439178");
    assertThat(number.getEtag()).isEqualTo("e1");
    assertThat(number.getRouting().getLabel()).isEqualTo("support");
    assertThat(number.getChannelSettings().getVoice().getEnabled()).isTrue();
    assertThat(number.getChannelSettings().getVoice().getChannelLimit()).isEqualTo(5);
    assertThat(number.getChannelSettings().getVoice().getWhitelistedDestinationsList())
        .containsExactly("US", "CA");
  }

  @Test
  void an_empty_cell_leaves_the_masked_field_unset_which_clears_it() {
    var format = UpdateNumbersCsv.fromHeader(new Row(1, List.of("id", "routing.inbound_agent_id")));

    var item = format.item(new Row(2, List.of("0f0c…", "")));

    assertThat(item.getPhoneNumber().getId()).isEqualTo("0f0c…");
    assertThat(item.getPhoneNumber().getRouting().getInboundAgentId()).isEmpty();
    assertThat(item.getUpdateMask().getPathsList()).containsExactly("routing.inbound_agent_id");
  }

  @Test
  void a_message_field_takes_json() {
    var format =
        UpdateNumbersCsv.fromHeader(
            new Row(1, List.of("number", "routing.policies.call.fallback")));

    var item = format.item(new Row(2, List.of("+12084439178", "{\"agentId\":\"night-shift\"}")));

    assertThat(
            item.getPhoneNumber().getRouting().getPolicies().getCall().getFallback().getAgentId())
        .isEqualTo("night-shift");
  }

  @Test
  void a_path_that_is_no_field_of_a_phone_number_is_refused_at_the_header() {
    assertThatThrownBy(
            () -> UpdateNumbersCsv.fromHeader(new Row(1, List.of("number", "routing.lable"))))
        .isInstanceOf(MalformedCsvException.class)
        .hasMessageContaining("routing.lable is not a field path");
    assertThatThrownBy(() -> UpdateNumbersCsv.fromHeader(new Row(1, List.of("label", "x"))))
        .hasMessageContaining("first column must be number");
    assertThatThrownBy(() -> UpdateNumbersCsv.fromHeader(new Row(1, List.of("number"))))
        .hasMessageContaining("no field to change");
  }

  @Test
  void a_cell_of_the_wrong_kind_names_its_line_and_column() {
    var format =
        UpdateNumbersCsv.fromHeader(
            new Row(1, List.of("number", "channel_settings.voice.enabled", "status")));

    assertThatThrownBy(() -> format.item(new Row(9, List.of("+12084439178", "maybe", "active"))))
        .isInstanceOf(MalformedCsvException.class)
        .hasMessage("channel_settings.voice.enabled \"maybe\" is not true or false")
        .extracting(e -> ((MalformedCsvException) e).line())
        .isEqualTo(9L);
    assertThatThrownBy(() -> format.item(new Row(4, List.of("+12084439178", "true", "asleep"))))
        .hasMessageContaining("status \"asleep\" is not one of active, pending, inactive");
    assertThat(
            format
                .item(new Row(5, List.of("+12084439178", "true", "inactive")))
                .getPhoneNumber()
                .getStatusValue())
        .isEqualTo(3);
  }
}
