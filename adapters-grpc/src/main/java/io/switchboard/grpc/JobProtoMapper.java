package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.timestamp;

import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.switchboard.application.port.query.FailedJobItem;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.error.NotFoundException;
import io.switchboard.domain.error.Reason;
import io.switchboard.domain.job.Job;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.job.JobKind;
import io.switchboard.domain.job.JobState;
import io.switchboard.proto.v1.JobItemFailure;
import io.switchboard.proto.v1.NumbersJobMetadata;
import io.switchboard.proto.v1.NumbersJobResult;

/** Jobs as google.longrunning.Operations named {@code operations/<job id>}. */
final class JobProtoMapper {
  static final String PREFIX = "operations/";

  private JobProtoMapper() {}

  /** The job an operation name names; a name that is no job's is not found, as AIP-151 asks. */
  static JobId jobId(String name, String field) {
    if (name.isEmpty()) {
      throw InvalidArgumentException.of(field, "is required");
    }
    if (!name.startsWith(PREFIX)) {
      throw NotFoundException.of(Reason.JOB_NOT_FOUND, name);
    }
    try {
      return JobId.parse(name.substring(PREFIX.length()));
    } catch (InvalidArgumentException e) {
      throw NotFoundException.of(Reason.JOB_NOT_FOUND, name);
    }
  }

  static String name(JobId id) {
    return PREFIX + id;
  }

  static Operation toOperation(Job job) {
    var op =
        Operation.newBuilder()
            .setName(name(job.id()))
            .setMetadata(Any.pack(metadata(job)))
            .setDone(job.isDone());
    switch (job.state()) {
      case SUCCEEDED -> op.setResponse(Any.pack(result(job)));
      case CANCELLED -> op.setError(error(Code.CANCELLED, "the job was cancelled", "CANCELLED"));
      case FAILED ->
          op.setError(error(Code.INTERNAL, job.error().orElse("the job failed"), "INTERNAL"));
      case PENDING, RUNNING -> {}
    }
    return op.build();
  }

  private static Status error(Code code, String message, String reason) {
    return Status.newBuilder()
        .setCode(code.getNumber())
        .setMessage(message)
        .addDetails(
            Any.pack(ErrorInfo.newBuilder().setDomain(GrpcErrors.DOMAIN).setReason(reason).build()))
        .build();
  }

  static NumbersJobMetadata metadata(Job job) {
    var m =
        NumbersJobMetadata.newBuilder()
            .setKind(kind(job.kind()))
            .setState(state(job.state()))
            .setRequestId(job.requestId().value())
            .setTotalItems(job.totalItems())
            .setProcessedItems(job.counts().processed())
            .setFailedItems(job.counts().failed())
            .setCancelRequested(job.cancelRequested())
            .setCreateTime(timestamp(job.createTime()))
            .setUpdateTime(timestamp(job.updateTime()));
    job.startTime().ifPresent(t -> m.setStartTime(timestamp(t)));
    job.endTime().ifPresent(t -> m.setEndTime(timestamp(t)));
    return m.build();
  }

  static NumbersJobResult result(Job job) {
    return NumbersJobResult.newBuilder()
        .setTotalItems(job.totalItems())
        .setSucceededItems(job.counts().succeeded())
        .setUnchangedItems(job.counts().unchanged())
        .setFailedItems(job.counts().failed())
        .build();
  }

  static JobItemFailure failure(FailedJobItem item) {
    return JobItemFailure.newBuilder()
        .setIndex(item.index())
        .setNumber(item.label())
        .setReason(item.reason().wire())
        .setMessage(item.message())
        .build();
  }

  static NumbersJobMetadata.Kind kind(JobKind kind) {
    return switch (kind) {
      case IMPORT -> NumbersJobMetadata.Kind.KIND_IMPORT;
      case UPDATE -> NumbersJobMetadata.Kind.KIND_UPDATE;
      case RELEASE -> NumbersJobMetadata.Kind.KIND_RELEASE;
    };
  }

  static NumbersJobMetadata.State state(JobState state) {
    return switch (state) {
      case PENDING -> NumbersJobMetadata.State.STATE_PENDING;
      case RUNNING -> NumbersJobMetadata.State.STATE_RUNNING;
      case SUCCEEDED -> NumbersJobMetadata.State.STATE_SUCCEEDED;
      case CANCELLED -> NumbersJobMetadata.State.STATE_CANCELLED;
      case FAILED -> NumbersJobMetadata.State.STATE_FAILED;
    };
  }
}
