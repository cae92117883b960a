package io.switchboard.bootstrap.cli;

import io.switchboard.bootstrap.cli.CsvReader.Row;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.JobServiceGrpc;
import io.switchboard.proto.v1.StartImportNumbersJobRequest;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "import-numbers",
    description = {
      "Imports numbers into the stock as a job, and watches it.",
      "FILE: a header, then one number a row: number,type,monthly_fee,currency[,location]"
          + "[,capabilities], e.g. +12084439178,local,1.50,EUR,Boise ID,voice;sms",
      "Needs a key with platform:inventory:write."
    })
final class ImportNumbersCommand
    extends JobFileCommand<AvailableNumber, StartImportNumbersJobRequest> {

  @Override
  CsvFormat<AvailableNumber> format(Row header) {
    return ImportNumbersCsv.fromHeader(header);
  }

  @Override
  String kind() {
    return "import";
  }

  @Override
  JobUpload<StartImportNumbersJobRequest> start(Connection connection) {
    JobUpload<StartImportNumbersJobRequest> upload = new JobUpload<>();
    connection.stream(JobServiceGrpc::newStub).startImportNumbersJob(upload);
    return upload;
  }

  @Override
  StartImportNumbersJobRequest chunk(String requestId, List<AvailableNumber> items) {
    return StartImportNumbersJobRequest.newBuilder()
        .setRequestId(requestId)
        .addAllNumbers(items)
        .build();
  }
}
