package io.switchboard.bootstrap.cli;

import com.google.longrunning.Operation;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.protobuf.StatusProto;
import io.switchboard.proto.v1.NumbersJobMetadata;
import io.switchboard.proto.v1.NumbersJobResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Reading a job's Operation: its metadata, how to watch it, what to say when it is done. */
public final class Jobs {

  private Jobs() {}

  /** How long to sleep between two looks at a job; tests make it short. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public static NumbersJobMetadata metadata(Operation operation) {
    try {
      return operation.hasMetadata()
          ? operation.getMetadata().unpack(NumbersJobMetadata.class)
          : NumbersJobMetadata.getDefaultInstance();
    } catch (InvalidProtocolBufferException e) {
      throw new CliException(
          ExitCode.FAILED, "UNEXPECTED_ANSWER", operation.getName() + " is not a numbers job");
    }
  }

  public static String kind(NumbersJobMetadata metadata) {
    return shortName(metadata.getKind().name(), "KIND_");
  }

  public static String state(NumbersJobMetadata metadata) {
    return shortName(metadata.getState().name(), "STATE_").toUpperCase(Locale.ROOT);
  }

  static Progress.Snapshot snapshot(Operation operation) {
    NumbersJobMetadata metadata = metadata(operation);
    return new Progress.Snapshot(
        state(metadata),
        metadata.getProcessedItems(),
        metadata.getFailedItems(),
        metadata.getTotalItems());
  }

  /** Looks at the job until it is done, drawing its progress; returns the done Operation. */
  public static Operation watch(
      OperationsClient operations,
      String name,
      Progress progress,
      Duration pollInterval,
      Sleeper sleeper)
      throws InterruptedException {
    while (true) {
      Operation operation = operations.get(name);
      if (operation.getDone()) {
        progress.finish(snapshot(operation));
        return operation;
      }
      progress.update(snapshot(operation));
      sleeper.sleep(pollInterval);
    }
  }

  /**
   * Prints the summary of a done job and says how the CLI ends: 0 when every item went through,
   * {@link ExitCode#ITEMS_FAILED} with a pointer to the failures, or the job's own error.
   */
  public static ExitCode summarize(Operation operation, PrintStream out) {
    NumbersJobMetadata metadata = metadata(operation);
    String kind = kind(metadata);
    String name = operation.getName();
    String took = took(metadata);
    if (operation.hasError()) {
      out.println(
          name
              + ": "
              + kind
              + " "
              + state(metadata).toLowerCase(Locale.ROOT)
              + " after "
              + metadata.getProcessedItems()
              + " of "
              + metadata.getTotalItems()
              + " items ("
              + metadata.getFailedItems()
              + " failed)"
              + took);
      pointToFailures(out, name, metadata.getFailedItems());
      // the job's own error, with its stable reason; the CLI failed whatever kind it is
      CliException why =
          GrpcFailures.describe(
              StatusProto.toStatusRuntimeException(operation.getError()), "the server");
      throw new CliException(ExitCode.FAILED, why.reason(), name + ": " + why.getMessage());
    }
    NumbersJobResult result;
    try {
      result = operation.getResponse().unpack(NumbersJobResult.class);
    } catch (InvalidProtocolBufferException e) {
      result = NumbersJobResult.getDefaultInstance();
    }
    out.println(
        name
            + ": "
            + kind
            + " succeeded: "
            + result.getTotalItems()
            + " items, "
            + result.getSucceededItems()
            + " "
            + pastTense(kind)
            + ", "
            + result.getUnchangedItems()
            + " unchanged, "
            + result.getFailedItems()
            + " failed"
            + took);
    pointToFailures(out, name, result.getFailedItems());
    return result.getFailedItems() > 0 ? ExitCode.ITEMS_FAILED : ExitCode.OK;
  }

  private static void pointToFailures(PrintStream out, String name, long failed) {
    if (failed > 0) {
      out.println("the failed items and why: switchboard jobs failures " + name);
    }
  }

  private static String took(NumbersJobMetadata metadata) {
    if (!metadata.hasCreateTime() || !metadata.hasEndTime()) {
      return "";
    }
    long millis =
        (metadata.getEndTime().getSeconds() - metadata.getCreateTime().getSeconds()) * 1000
            + (metadata.getEndTime().getNanos() - metadata.getCreateTime().getNanos()) / 1_000_000;
    return String.format(Locale.ROOT, " in %.1f s", Math.max(0, millis) / 1000.0);
  }

  private static String pastTense(String kind) {
    return switch (kind) {
      case "import" -> "imported";
      case "update" -> "updated";
      case "release" -> "released";
      default -> "applied";
    };
  }

  private static String shortName(String name, String prefix) {
    String bare = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    return bare.toLowerCase(Locale.ROOT);
  }
}
