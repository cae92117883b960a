package io.switchboard.bootstrap.cli;

import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import com.google.protobuf.Timestamp;
import io.switchboard.proto.v1.JobItemFailure;
import io.switchboard.proto.v1.JobServiceGrpc;
import io.switchboard.proto.v1.ListJobItemFailuresRequest;
import io.switchboard.proto.v1.ListJobItemFailuresResponse;
import io.switchboard.proto.v1.NumbersJobMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "jobs",
    description = "The organization's bulk jobs: list, watch, cancel, failures.",
    subcommands = {
      JobsCommand.ListJobs.class,
      JobsCommand.Watch.class,
      JobsCommand.Cancel.class,
      JobsCommand.Failures.class
    })
final class JobsCommand extends GroupCommand {

  @Command(name = "list", description = "The jobs, newest first.")
  static final class ListJobs extends CliCommand {

    @Option(names = "--kind", description = "only jobs of this kind: import, update, release")
    String kind;

    @Option(names = "--done", description = "only finished jobs")
    boolean done;

    @Option(names = "--running", description = "only unfinished jobs")
    boolean running;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "at most this many (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      if (done && running) {
        throw CliException.usage("--done and --running exclude each other");
      }
      if (kind != null && !List.of("import", "update", "release").contains(kind)) {
        throw CliException.usage("--kind is import, update or release");
      }
      if (limit < 1) {
        throw CliException.usage("--limit must be at least 1");
      }
      List<String> filter = new ArrayList<>();
      if (kind != null) {
        filter.add("kind = \"" + kind + "\"");
      }
      if (done || running) {
        filter.add("done = " + done);
      }
      ConnectionSettings settings = settings(connectionOptions);
      Table table = new Table("NAME", "KIND", "STATE", "PROCESSED", "TOTAL", "FAILED", "CREATED");
      try (Connection connection = connect(settings)) {
        OperationsClient operations = new OperationsClient(connection);
        String pageToken = "";
        int shown = 0;
        do {
          ListOperationsResponse page =
              operations.list(
                  ListOperationsRequest.newBuilder()
                      .setName("operations")
                      .setFilter(String.join(" AND ", filter))
                      .setPageSize(Math.min(100, limit - shown))
                      .setPageToken(pageToken)
                      .build());
          for (Operation operation : page.getOperationsList()) {
            if (shown++ == limit) {
              break;
            }
            NumbersJobMetadata metadata = Jobs.metadata(operation);
            table.row(
                operation.getName(),
                Jobs.kind(metadata),
                Jobs.state(metadata),
                Long.toString(metadata.getProcessedItems()),
                Long.toString(metadata.getTotalItems()),
                Long.toString(metadata.getFailedItems()),
                time(metadata.getCreateTime()));
          }
          pageToken = page.getNextPageToken();
        } while (!pageToken.isEmpty() && shown < limit);
      }
      table.print(context().out());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "watch",
      description = "Shows a job's progress until it is done; exits as the job ended.")
  static final class Watch extends CliCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "operations/<id>")
    String name;

    @Option(
        names = "--poll-millis",
        paramLabel = "MILLIS",
        defaultValue = "500",
        description = "how often the job's progress is read (default: ${DEFAULT-VALUE})")
    long pollMillis;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() throws InterruptedException {
      if (pollMillis < 10) {
        throw CliException.usage("--poll-millis must be at least 10");
      }
      ConnectionSettings settings = settings(connectionOptions);
      try (Connection connection = connect(settings)) {
        Progress progress =
            new Progress(
                context().out(),
                context().terminal() ? Progress.Style.BAR : Progress.Style.PLAIN,
                context().nanoTime());
        Operation done =
            Jobs.watch(
                new OperationsClient(connection),
                OperationsClient.operationName(name),
                progress,
                Duration.ofMillis(pollMillis),
                context().sleeper());
        return Jobs.summarize(done, context().out());
      }
    }
  }

  @Command(
      name = "cancel",
      description =
          "Asks a job to stop: items not yet applied are left alone, those applied stay applied.")
  static final class Cancel extends CliCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "operations/<id>")
    String name;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      ConnectionSettings settings = settings(connectionOptions);
      String operationName = OperationsClient.operationName(name);
      try (Connection connection = connect(settings)) {
        OperationsClient operations = new OperationsClient(connection);
        operations.cancel(operationName);
        NumbersJobMetadata metadata = Jobs.metadata(operations.get(operationName));
        context()
            .out()
            .println(
                operationName
                    + ": cancel requested; "
                    + Jobs.state(metadata).toLowerCase(java.util.Locale.ROOT)
                    + " with "
                    + metadata.getProcessedItems()
                    + " of "
                    + metadata.getTotalItems()
                    + " items processed");
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "failures", description = "The items of a job that failed, and why.")
  static final class Failures extends CliCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "operations/<id>")
    String name;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      ConnectionSettings settings = settings(connectionOptions);
      Table table = new Table("INDEX", "NUMBER", "REASON", "MESSAGE");
      try (Connection connection = connect(settings)) {
        String pageToken = "";
        do {
          ListJobItemFailuresResponse page =
              connection
                  .call(JobServiceGrpc::newBlockingStub)
                  .listJobItemFailures(
                      ListJobItemFailuresRequest.newBuilder()
                          .setName(OperationsClient.operationName(name))
                          .setPageSize(1000)
                          .setPageToken(pageToken)
                          .build());
          for (JobItemFailure failure : page.getFailuresList()) {
            table.row(
                Long.toString(failure.getIndex()),
                failure.getNumber(),
                failure.getReason(),
                failure.getMessage());
          }
          pageToken = page.getNextPageToken();
        } while (!pageToken.isEmpty());
      }
      table.print(context().out());
      return ExitCode.OK;
    }
  }

  static String time(Timestamp timestamp) {
    if (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0) {
      return "";
    }
    return Instant.ofEpochSecond(timestamp.getSeconds()).toString();
  }
}
