package io.switchboard.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.switchboard.proto.v1.NumbersJobMetadata;
import io.switchboard.proto.v1.NumbersJobResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobsTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void a_job_whose_every_item_went_through_ends_0_with_its_counts_and_time() {
    ExitCode code = Jobs.summarize(done(NumbersJobMetadata.State.STATE_SUCCEEDED, 100, 0), out);

    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(output())
        .isEqualTo(
            "operations/j1: import succeeded: 100 items, 98 imported, 2 unchanged, 0 failed in"
                + " 7.5 s\n");
  }

  @Test
  void a_job_with_failed_items_ends_7_and_says_where_they_are_listed() {
    ExitCode code = Jobs.summarize(done(NumbersJobMetadata.State.STATE_SUCCEEDED, 100, 3), out);

    assertThat(code).isEqualTo(ExitCode.ITEMS_FAILED);
    assertThat(output())
        .endsWith("the failed items and why: switchboard jobs failures operations/j1\n");
  }

  @Test
  void a_cancelled_job_ends_1_with_its_reason_after_saying_how_far_it_got() {
    Operation cancelled =
        done(NumbersJobMetadata.State.STATE_CANCELLED, 40, 0).toBuilder()
            .clearResponse()
            .setError(
                Status.newBuilder()
                    .setCode(Code.CANCELLED_VALUE)
                    .setMessage("the job was cancelled")
                    .addDetails(
                        Any.pack(ErrorInfo.newBuilder().setReason("JOB_CANCELLED").build())))
            .build();

    assertThatThrownBy(() -> Jobs.summarize(cancelled, out))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
              assertThat(e.line())
                  .isEqualTo("switchboard: JOB_CANCELLED: operations/j1: the job was cancelled");
            });
    assertThat(output())
        .isEqualTo("operations/j1: import cancelled after 40 of 100 items (0 failed) in 7.5 s\n");
  }

  private static Operation done(NumbersJobMetadata.State state, long processed, long failed) {
    return Operation.newBuilder()
        .setName("operations/j1")
        .setDone(true)
        .setMetadata(
            Any.pack(
                NumbersJobMetadata.newBuilder()
                    .setKind(NumbersJobMetadata.Kind.KIND_IMPORT)
                    .setState(state)
                    .setTotalItems(100)
                    .setProcessedItems(processed)
                    .setFailedItems(failed)
                    .setCreateTime(Timestamp.newBuilder().setSeconds(1_000))
                    .setEndTime(Timestamp.newBuilder().setSeconds(1_007).setNanos(500_000_000))
                    .build()))
        .setResponse(
            Any.pack(
                NumbersJobResult.newBuilder()
                    .setTotalItems(100)
                    .setSucceededItems(98 - failed)
                    .setUnchangedItems(2)
                    .setFailedItems(failed)
                    .build()))
        .build();
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
