package io.switchboard.bootstrap.cli;

import io.switchboard.bootstrap.cli.CsvReader.Row;
import io.switchboard.proto.v1.JobServiceGrpc;
import io.switchboard.proto.v1.StartUpdateNumbersJobRequest;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "update-numbers",
    description = {
      "Changes many of the organization's numbers as a job, and watches it.",
      "FILE: a header number,<field path>,<field path>... (UpdatePhoneNumber mask paths such as"
          + " routing.label, routing.inbound_agent_id, channel_settings.voice.enabled), then one"
          + " number a row with the new values. An empty cell clears the field; repeated fields"
          + " take values separated by ';', message fields JSON. An etag column makes each row"
          + " conditional.",
      "Needs a key with numbers:write."
    })
final class UpdateNumbersCommand
    extends JobFileCommand<StartUpdateNumbersJobRequest.Item, StartUpdateNumbersJobRequest> {

  @Override
  CsvFormat<StartUpdateNumbersJobRequest.Item> format(Row header) {
    return UpdateNumbersCsv.fromHeader(header);
  }

  @Override
  String kind() {
    return "update";
  }

  @Override
  JobUpload<StartUpdateNumbersJobRequest> start(Connection connection) {
    JobUpload<StartUpdateNumbersJobRequest> upload = new JobUpload<>();
    connection.stream(JobServiceGrpc::newStub).startUpdateNumbersJob(upload);
    return upload;
  }

  @Override
  StartUpdateNumbersJobRequest chunk(
      String requestId, List<StartUpdateNumbersJobRequest.Item> items) {
    return StartUpdateNumbersJobRequest.newBuilder()
        .setRequestId(requestId)
        .addAllItems(items)
        .build();
  }
}
