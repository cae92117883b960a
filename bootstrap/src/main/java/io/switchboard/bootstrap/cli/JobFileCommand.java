package io.switchboard.bootstrap.cli;

import com.google.longrunning.Operation;
import io.grpc.StatusRuntimeException;
import io.switchboard.bootstrap.cli.CsvReader.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Uploads a CSV file as a job and watches it: the file is checked whole first (a bad row stops
 * here, naming its line, before anything is sent), then streamed in chunks of 1,000.
 *
 * @param <T> one item of the file
 * @param <Q> one chunk of the upload
 */
abstract class JobFileCommand<T, Q> extends CliCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "the CSV file")
  Path file;

  @Option(
      names = "--request-id",
      paramLabel = "ID",
      description =
          "the job's idempotency key (default: derived from the file's content, so running the"
              + " same file again after a failure starts no second job)")
  String requestId;

  @Option(names = "--no-wait", description = "print the job's name and exit once it is stored")
  boolean noWait;

  @Option(
      names = "--poll-millis",
      paramLabel = "MILLIS",
      defaultValue = "500",
      description = "how often the job's progress is read (default: ${DEFAULT-VALUE})")
  long pollMillis;

  @Mixin ConnectionOptions connectionOptions;

  /** The format of the file, from its header. */
  abstract CsvFormat<T> format(Row header);

  /** Prefixes the content hash in the default request id, so two kinds of job never share one. */
  abstract String kind();

  abstract JobUpload<Q> start(Connection connection);

  abstract Q chunk(String requestId, List<T> items);

  @Override
  ExitCode run() throws Exception {
    ConnectionSettings settings = settings(connectionOptions);
    if (pollMillis < 10) {
      throw CliException.usage("--poll-millis must be at least 10");
    }
    CsvJobFile<T> csv = new CsvJobFile<>(file, this::format);
    CsvJobFile.Scan scan = csv.scan();
    // 128 bits of the content's hash: as unique as the whole, and a line a person can read
    String id =
        requestId != null
            ? checked(requestId)
            : "cli-" + kind() + "-" + scan.sha256().substring(0, 32);
    var out = context().out();
    out.println(kind() + ": " + scan.items() + " items in " + file + ", request_id " + id);
    try (Connection connection = connect(settings)) {
      Operation operation = upload(connection, csv, id);
      if (noWait) {
        out.println(operation.getName());
        return ExitCode.OK;
      }
      out.println(
          "job "
              + operation.getName()
              + " stored; watching it (Ctrl-C stops watching,"
              + " not the job)");
      Progress progress =
          new Progress(
              out,
              context().terminal() ? Progress.Style.BAR : Progress.Style.PLAIN,
              context().nanoTime());
      Operation done =
          Jobs.watch(
              new OperationsClient(connection),
              operation.getName(),
              progress,
              Duration.ofMillis(pollMillis),
              context().sleeper());
      return Jobs.summarize(done, out);
    }
  }

  private Operation upload(Connection connection, CsvJobFile<T> csv, String id)
      throws InterruptedException {
    JobUpload<Q> upload = start(connection);
    boolean[] first = {true};
    try {
      csv.chunks(items -> {
        upload.send(chunk(first[0] ? id : "", items));
        first[0] = false;
      });
      return upload.finish();
    } catch (StatusRuntimeException e) {
      CliException failure = GrpcFailures.describe(e, connection.target());
      var item = GrpcFailures.refusedItem(e);
      if (item.isPresent()) {
        long line = csv.lineOf(item.getAsLong());
        if (line > 0) {
          throw new CliException(
              failure.exitCode(),
              failure.reason(),
              file + " line " + line + ": " + failure.getMessage());
        }
      }
      throw failure;
    } catch (CliException | InterruptedException e) {
      upload.abandon(e);
      throw e;
    }
  }

  private static String checked(String requestId) {
    if (requestId.isEmpty()
        || requestId.length() > 255
        || !requestId.chars().allMatch(c -> c >= 33 && c < 127)) {
      throw CliException.usage("--request-id must be 1..255 printable ASCII characters");
    }
    return requestId;
  }
}
