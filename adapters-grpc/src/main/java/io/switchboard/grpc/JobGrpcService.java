package io.switchboard.grpc;

import static io.switchboard.grpc.CommonProtoMapper.at;
import static io.switchboard.grpc.Responses.reply;

import com.google.longrunning.Operation;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.application.common.RequestContext;
import io.switchboard.application.job.JobItemCodec;
import io.switchboard.application.job.ListJobItemFailuresUseCase;
import io.switchboard.application.job.StartJobUseCase;
import io.switchboard.application.port.query.JobItem;
import io.switchboard.domain.common.RequestId;
import io.switchboard.domain.common.Violations;
import io.switchboard.domain.error.InvalidArgumentException;
import io.switchboard.domain.job.JobId;
import io.switchboard.domain.job.JobKind;
import io.switchboard.proto.v1.JobServiceGrpc;
import io.switchboard.proto.v1.ListJobItemFailuresRequest;
import io.switchboard.proto.v1.ListJobItemFailuresResponse;
import io.switchboard.proto.v1.StartImportNumbersJobRequest;
import io.switchboard.proto.v1.StartReleaseNumbersJobRequest;
import io.switchboard.proto.v1.StartUpdateNumbersJobRequest;
import io.switchboard.proto.v1.UpdatePhoneNumberRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * switchboard.v1.JobService. A Start call's chunks are handed to the use case as they arrive, on a
 * thread of its own that holds the upload's one transaction; the call asks the client for the next
 * chunk only when the last one is stored, so however large the upload, memory holds a chunk.
 */
final class JobGrpcService extends JobServiceGrpc.JobServiceImplBase {
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private final StartJobUseCase start;
  private final ListJobItemFailuresUseCase listFailures;
  private final JobItemCodec codec;
  private final PageTokens pageTokens;
  private final ExecutorService uploads;

  JobGrpcService(
      StartJobUseCase start,
      ListJobItemFailuresUseCase listFailures,
      JobItemCodec codec,
      PageTokens pageTokens,
      ExecutorService uploads) {
    this.start = start;
    this.listFailures = listFailures;
    this.codec = codec;
    this.pageTokens = pageTokens;
    this.uploads = uploads;
  }

  @Override
  public StreamObserver<StartImportNumbersJobRequest> startImportNumbersJob(
      StreamObserver<Operation> observer) {
    return upload(
        observer,
        JobKind.IMPORT,
        StartImportNumbersJobRequest::getRequestId,
        r -> false,
        (r, first) ->
            items(
                r.getNumbersList(),
                first,
                "numbers",
                n -> n,
                n -> n.getNumber(),
                c -> codec.importItem(c.toByteArray())));
  }

  @Override
  public StreamObserver<StartUpdateNumbersJobRequest> startUpdateNumbersJob(
      StreamObserver<Operation> observer) {
    return upload(
        observer,
        JobKind.UPDATE,
        StartUpdateNumbersJobRequest::getRequestId,
        r -> false,
        (r, first) ->
            items(
                r.getItemsList(),
                first,
                "items",
                item ->
                    UpdatePhoneNumberRequest.newBuilder()
                        .setPhoneNumber(item.getPhoneNumber())
                        .setUpdateMask(item.getUpdateMask())
                        .build(),
                item ->
                    item.getPhoneNumber().getNumber().isEmpty()
                        ? item.getPhoneNumber().getId()
                        : item.getPhoneNumber().getNumber(),
                update -> codec.updateItem(update.toByteArray())));
  }

  @Override
  public StreamObserver<StartReleaseNumbersJobRequest> startReleaseNumbersJob(
      StreamObserver<Operation> observer) {
    return upload(
        observer,
        JobKind.RELEASE,
        StartReleaseNumbersJobRequest::getRequestId,
        StartReleaseNumbersJobRequest::getReturnToCarrier,
        (r, first) ->
            items(
                r.getPhoneNumbersList(),
                first,
                "phone_numbers",
                ref -> ref,
                ref -> ref.getNumber().isEmpty() ? ref.getId() : ref.getNumber(),
                ref -> codec.releaseItem(ref.toByteArray())));
  }

  @Override
  public void listJobItemFailures(
      ListJobItemFailuresRequest request, StreamObserver<ListJobItemFailuresResponse> observer) {
    RequestContext ctx = CallContext.requestContext();
    JobId id = JobProtoMapper.jobId(request.getName(), "name");
    int pageSize =
        PhoneNumberListQuery.pageSize(request.getPageSize(), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    String boundTo = "job_item_failures|" + id;
    Optional<Long> after = Optional.empty();
    if (!request.getPageToken().isEmpty()) {
      String index = pageTokens.decode(request.getPageToken(), boundTo, 1).get(0);
      after = Optional.of(at("page_token", () -> Long.parseLong(index)));
    }
    var page = listFailures.list(ctx, id, after, pageSize);
    reply(
        observer,
        ListJobItemFailuresResponse.newBuilder()
            .addAllFailures(page.items().stream().map(JobProtoMapper::failure).toList())
            .setNextPageToken(
                page.next().map(i -> pageTokens.encode(boundTo, List.of(i.toString()))).orElse(""))
            .build());
  }

  /** What one chunk's items become: validated, encoded, indexed over the whole upload. */
  private interface Chunking<Q> {
    List<JobItem> items(Q chunk, long firstIndex);
  }

  /**
   * Each item is read back as its use case will read it, so a malformed one is refused now, under
   * {@code field[i]}, rather than failing later.
   */
  private static <P, M extends Message> List<JobItem> items(
      List<P> given,
      long firstIndex,
      String field,
      Function<P, M> stored,
      Function<P, String> label,
      Consumer<M> check) {
    if (given.size() > StartJobUseCase.MAX_CHUNK) {
      throw InvalidArgumentException.of(
          field, "a chunk holds at most " + StartJobUseCase.MAX_CHUNK + " items");
    }
    var violations = new Violations();
    var items = new ArrayList<JobItem>(given.size());
    for (int i = 0; i < given.size(); i++) {
      long index = firstIndex + i;
      P item = given.get(i);
      M message = stored.apply(item);
      violations.parse(
          field + "[" + index + "]",
          () -> {
            check.accept(message);
            return null;
          });
      String name = label.apply(item);
      items.add(
          new JobItem(
              index, message.toByteArray(), name.length() > 64 ? name.substring(0, 64) : name));
    }
    violations.throwIfAny();
    return items;
  }

  private <Q> StreamObserver<Q> upload(
      StreamObserver<Operation> observer,
      JobKind kind,
      Function<Q, String> requestId,
      Function<Q, Boolean> returnToCarrier,
      Chunking<Q> chunking) {
    var call = (ServerCallStreamObserver<Operation>) observer;
    RequestContext ctx = CallContext.requestContext();
    Optional<RequestId> callRequestId = CallContext.requestId();
    var upload = new Upload<Q>(call);
    call.disableAutoRequest();
    Context context = Context.current();
    uploads.execute(
        context.wrap(() -> {
          try {
            Q first = upload.take().orElseThrow(() -> noItems(kind));
            RequestId id =
                at(
                    "request_id",
                    () -> {
                      String given = requestId.apply(first);
                      if (given.isEmpty()) {
                        throw InvalidArgumentException.of("", "is required");
                      }
                      return new RequestId(given);
                    });
            var chunks = new Chunks<>(first, upload, chunking);
            var job =
                start.start(
                    ctx,
                    new StartJobUseCase.Command(kind, id, returnToCarrier.apply(first), chunks));
            upload.drain();
            observer.onNext(JobProtoMapper.toOperation(job));
            observer.onCompleted();
          } catch (RuntimeException e) {
            try {
              observer.onError(GrpcErrors.toStatusException(e, callRequestId));
            } catch (IllegalStateException alreadyClosed) {
              // the client went away: nobody to tell
            }
          }
        }));
    call.request(1);
    return upload;
  }

  private static InvalidArgumentException noItems(JobKind kind) {
    return InvalidArgumentException.of(
        "items", "a " + kind.wireName() + " job needs at least one item");
  }

  /** The upload's items, chunk by chunk, each chunk validated and indexed as it is read. */
  private static final class Chunks<Q> implements Iterator<List<JobItem>> {
    private final Upload<Q> upload;
    private final Chunking<Q> chunking;
    private Optional<Q> next;
    private long index;

    Chunks(Q first, Upload<Q> upload, Chunking<Q> chunking) {
      this.next = Optional.of(first);
      this.upload = upload;
      this.chunking = chunking;
    }

    @Override
    public boolean hasNext() {
      if (next.isEmpty()) {
        next = upload.take();
      }
      return next.isPresent();
    }

    @Override
    public List<JobItem> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Q chunk = next.get();
      next = Optional.empty();
      List<JobItem> items = chunking.items(chunk, index);
      index += items.size();
      return items;
    }
  }

  /**
   * The client's stream as a blocking source: a chunk is asked for only once the previous one was
   * taken, so at most one waits here.
   */
  private static final class Upload<Q> implements StreamObserver<Q> {
    private static final Object END = new Object();

    private final ServerCallStreamObserver<Operation> call;
    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private boolean requested = true;

    Upload(ServerCallStreamObserver<Operation> call) {
      this.call = call;
    }

    @Override
    public void onNext(Q chunk) {
      arrived.add(chunk);
    }

    @Override
    public void onError(Throwable t) {
      arrived.add(new ClientGone(t));
    }

    @Override
    public void onCompleted() {
      arrived.add(END);
    }

    /** The next chunk, or empty at the end of the stream. */
    @SuppressWarnings("unchecked")
    Optional<Q> take() {
      if (!requested) {
        call.request(1);
      }
      Object item;
      try {
        item = arrived.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientGone(e);
      }
      if (item == END) {
        arrived.add(END);
        requested = true;
        return Optional.empty();
      }
      if (item instanceof ClientGone gone) {
        arrived.add(gone);
        throw gone;
      }
      requested = false;
      return Optional.of((Q) item);
    }

    /** A retried start returns at once: the rest of its stream is read and dropped. */
    void drain() {
      while (take().isPresent()) {
        // dropped
      }
    }
  }

  /** The client cancelled or broke the stream: the upload's transaction rolls back. */
  private static final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super("the client's stream ended without completing", cause, false, false);
    }
  }
}
