package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.switchboard.application.auth.ApiKeySecrets;
import io.switchboard.proto.v1.AvailableNumber;
import io.switchboard.proto.v1.GetPhoneNumberRequest;
import io.switchboard.proto.v1.JobItemFailure;
import io.switchboard.proto.v1.JobServiceGrpc;
import io.switchboard.proto.v1.ListJobItemFailuresRequest;
import io.switchboard.proto.v1.Money;
import io.switchboard.proto.v1.NumberType;
import io.switchboard.proto.v1.NumbersJobMetadata;
import io.switchboard.proto.v1.NumbersJobResult;
import io.switchboard.proto.v1.PhoneNumber;
import io.switchboard.proto.v1.PhoneNumberRef;
import io.switchboard.proto.v1.PhoneNumberServiceGrpc;
import io.switchboard.proto.v1.PurchasePhoneNumberRequest;
import io.switchboard.proto.v1.Routing;
import io.switchboard.proto.v1.StartImportNumbersJobRequest;
import io.switchboard.proto.v1.StartReleaseNumbersJobRequest;
import io.switchboard.proto.v1.StartUpdateNumbersJobRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JobService and google.longrunning.Operations over the real gRPC server on loopback, the job
 * runner running in the same process: each kind of job from upload to its result, per-item
 * failures, idempotent retries, validation of the upload, and the Operations methods.
 */
class JobServiceIT {
  private static final String KEY = ApiKeySecrets.generate();

  @TempDir static Path dataDir;
  private static FreshService service;

  @BeforeAll
  static void start() {
    service = FreshService.start(JobServiceIT.class, dataDir, KEY);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    service.close();
  }

  private static AvailableNumber offer(String number) {
    return AvailableNumber.newBuilder()
        .setNumber(number)
        .setType(NumberType.NUMBER_TYPE_LOCAL)
        .setMonthlyFee(Money.newBuilder().setAmount("1.50").setCurrency("EUR"))
        .setLocation("ID")
        .build();
  }

  private static StartImportNumbersJobRequest importChunk(String requestId, String... numbers) {
    var chunk = StartImportNumbersJobRequest.newBuilder().setRequestId(requestId);
    for (String n : numbers) {
      chunk.addNumbers(offer(n));
    }
    return chunk.build();
  }

  private static Operation done(Operation started) {
    Operation op = JobCalls.await(service.channel(), started.getName(), 30);
    assertThat(op.getDone()).as("%s", op).isTrue();
    return op;
  }

  private static NumbersJobResult result(Operation op) throws InvalidProtocolBufferException {
    return op.getResponse().unpack(NumbersJobResult.class);
  }

  private static NumbersJobMetadata metadata(Operation op) throws InvalidProtocolBufferException {
    return op.getMetadata().unpack(NumbersJobMetadata.class);
  }

  private static StatusRuntimeException refused(Status.Code code, Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("answered instead of %s", code).isNotNull();
    assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(code);
    return e;
  }

  private static String reason(StatusRuntimeException e) throws InvalidProtocolBufferException {
    for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        return detail.unpack(ErrorInfo.class).getReason();
      }
    }
    return "";
  }

  private static List<String> badFields(StatusRuntimeException e)
      throws InvalidProtocolBufferException {
    List<String> fields = new ArrayList<>();
    for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        detail
            .unpack(BadRequest.class)
            .getFieldViolationsList()
            .forEach(v -> fields.add(v.getField()));
      }
    }
    return fields;
  }

  @Test
  void an_import_job_uploaded_in_chunks_imports_its_numbers_and_a_retry_returns_the_same_operation()
      throws Exception {
    String requestId = "import-" + UUID.randomUUID();
    Operation started =
        JobCalls.startImport(
            service.channel(),
            List.of(
                importChunk(requestId, "+12086660001", "+12086660002"),
                importChunk("", "+12086660003")));

    assertThat(started.getName()).startsWith("operations/");
    assertThat(metadata(started).getKind()).isEqualTo(NumbersJobMetadata.Kind.KIND_IMPORT);
    assertThat(metadata(started).getTotalItems()).isEqualTo(3);
    assertThat(metadata(started).getRequestId()).isEqualTo(requestId);
    Operation done = done(started);
    assertThat(metadata(done).getState()).isEqualTo(NumbersJobMetadata.State.STATE_SUCCEEDED);
    assertThat(metadata(done).getProcessedItems()).isEqualTo(3);
    assertThat(metadata(done).hasEndTime()).isTrue();
    assertThat(result(done))
        .isEqualTo(NumbersJobResult.newBuilder().setTotalItems(3).setSucceededItems(3).build());

    Operation retried =
        JobCalls.startImport(service.channel(), List.of(importChunk(requestId, "+12086660009")));
    assertThat(retried.getName()).isEqualTo(started.getName());
    assertThat(metadata(retried).getTotalItems()).isEqualTo(3);

    Operation again =
        done(
            JobCalls.startImport(
                service.channel(),
                List.of(importChunk("import-" + UUID.randomUUID(), "+12086660001"))));
    assertThat(result(again).getUnchangedItems()).as("already in stock").isEqualTo(1);
  }

  @Test
  void an_update_job_applies_each_item_and_lists_the_ones_that_failed_with_their_reason()
      throws Exception {
    var numbers = PhoneNumberServiceGrpc.newBlockingStub(service.channel());
    JobCalls.startImport(service.channel(), List.of(importChunk("stock-u", "+12086661001")));
    done(JobCalls.startImport(service.channel(), List.of(importChunk("stock-u2", "+12086661002"))));
    PhoneNumber bought =
        numbers.purchasePhoneNumber(
            PurchasePhoneNumberRequest.newBuilder().setNumber("+12086661002").build());
    String unknown = UUID.randomUUID().toString();

    Operation started =
        JobCalls.startUpdate(
            service.channel(),
            List.of(
                StartUpdateNumbersJobRequest.newBuilder()
                    .setRequestId("update-" + UUID.randomUUID())
                    .addItems(labelled(PhoneNumber.newBuilder().setId(unknown), "x"))
                    .addItems(labelled(PhoneNumber.newBuilder().setId(bought.getId()), "bulk"))
                    .addItems(
                        labelled(
                            PhoneNumber.newBuilder().setId(bought.getId()).setEtag("stale"), "y"))
                    .build()));
    Operation done = done(started);

    assertThat(result(done))
        .isEqualTo(
            NumbersJobResult.newBuilder()
                .setTotalItems(3)
                .setSucceededItems(1)
                .setFailedItems(2)
                .build());
    var failures =
        JobServiceGrpc.newBlockingStub(service.channel())
            .listJobItemFailures(
                ListJobItemFailuresRequest.newBuilder()
                    .setName(started.getName())
                    .setPageSize(1)
                    .build());
    assertThat(failures.getFailuresList())
        .extracting(JobItemFailure::getIndex, JobItemFailure::getNumber, JobItemFailure::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, unknown, "PHONE_NUMBER_NOT_FOUND"));
    var rest =
        JobServiceGrpc.newBlockingStub(service.channel())
            .listJobItemFailures(
                ListJobItemFailuresRequest.newBuilder()
                    .setName(started.getName())
                    .setPageToken(failures.getNextPageToken())
                    .build());
    assertThat(rest.getFailuresList())
        .extracting(JobItemFailure::getIndex, JobItemFailure::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "ETAG_MISMATCH"));
    assertThat(rest.getNextPageToken()).isEmpty();
    assertThat(
            numbers
                .getPhoneNumber(
                    GetPhoneNumberRequest.newBuilder()
                        .setPhoneNumber(PhoneNumberRef.newBuilder().setId(bought.getId()))
                        .build())
                .getRouting()
                .getLabel())
        .isEqualTo("bulk");
  }

  private static StartUpdateNumbersJobRequest.Item labelled(
      PhoneNumber.Builder number, String label) {
    return StartUpdateNumbersJobRequest.Item.newBuilder()
        .setPhoneNumber(number.setRouting(Routing.newBuilder().setLabel(label)))
        .setUpdateMask(FieldMask.newBuilder().addPaths("routing.label"))
        .build();
  }

  @Test
  void a_release_job_releases_each_number() throws Exception {
    var numbers = PhoneNumberServiceGrpc.newBlockingStub(service.channel());
    done(
        JobCalls.startImport(
            service.channel(), List.of(importChunk("stock-r", "+12086662001", "+12086662002"))));
    for (String n : List.of("+12086662001", "+12086662002")) {
      numbers.purchasePhoneNumber(PurchasePhoneNumberRequest.newBuilder().setNumber(n).build());
    }

    Operation done =
        done(
            JobCalls.startRelease(
                service.channel(),
                List.of(
                    StartReleaseNumbersJobRequest.newBuilder()
                        .setRequestId("release-" + UUID.randomUUID())
                        .addPhoneNumbers(PhoneNumberRef.newBuilder().setNumber("+12086662001"))
                        .addPhoneNumbers(PhoneNumberRef.newBuilder().setNumber("+12086662002"))
                        .build())));

    assertThat(metadata(done).getKind()).isEqualTo(NumbersJobMetadata.Kind.KIND_RELEASE);
    assertThat(result(done).getSucceededItems()).isEqualTo(2);
    // released: no longer the organization's
    refused(
        Status.Code.NOT_FOUND,
        () ->
            numbers.getPhoneNumber(
                GetPhoneNumberRequest.newBuilder()
                    .setPhoneNumber(PhoneNumberRef.newBuilder().setNumber("+12086662001"))
                    .build()));
  }

  @Test
  void a_malformed_upload_is_refused_whole_naming_the_item_and_stores_nothing() throws Exception {
    String requestId = "bad-" + UUID.randomUUID();
    StatusRuntimeException malformed =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () ->
                JobCalls.startImport(
                    service.channel(),
                    List.of(
                        importChunk(requestId, "+12086663001"),
                        importChunk("", "+12086663002", "not a number"))));
    assertThat(badFields(malformed)).containsExactly("numbers[2].number");
    assertThat(reason(malformed)).isEqualTo("INVALID_ARGUMENT");

    refused(
        Status.Code.INVALID_ARGUMENT,
        () -> JobCalls.startImport(service.channel(), List.of(importChunk("", "+12086663001"))));
    refused(
        Status.Code.INVALID_ARGUMENT,
        () ->
            JobCalls.startImport(
                service.channel(), List.of(importChunk("empty-" + UUID.randomUUID()))));
    refused(Status.Code.INVALID_ARGUMENT, () -> JobCalls.startImport(service.channel(), List.of()));
    String[] tooMany = new String[1001];
    for (int i = 0; i < tooMany.length; i++) {
      tooMany[i] = "+1208667" + String.format("%04d", i);
    }
    refused(
        Status.Code.INVALID_ARGUMENT,
        () ->
            JobCalls.startImport(
                service.channel(), List.of(importChunk("many-" + UUID.randomUUID(), tooMany))));

    ListOperationsResponse listed =
        JobCalls.list(
            service.channel(), ListOperationsRequest.newBuilder().setPageSize(1000).build());
    assertThat(listed.toString()).doesNotContain(requestId);
  }

  @Test
  void operations_list_newest_first_by_filter_and_page_and_answer_for_unknown_names()
      throws Exception {
    Operation first =
        done(
            JobCalls.startImport(
                service.channel(),
                List.of(importChunk("list-1-" + UUID.randomUUID(), "+12086664001"))));
    Operation second =
        done(
            JobCalls.startImport(
                service.channel(),
                List.of(importChunk("list-2-" + UUID.randomUUID(), "+12086664002"))));

    ListOperationsResponse page =
        JobCalls.list(
            service.channel(),
            ListOperationsRequest.newBuilder()
                .setFilter("kind = \"import\" AND done = true")
                .setPageSize(1)
                .build());
    assertThat(page.getOperationsCount()).isEqualTo(1);
    List<String> names = new ArrayList<>(List.of(page.getOperations(0).getName()));
    while (!page.getNextPageToken().isEmpty()) {
      page =
          JobCalls.list(
              service.channel(),
              ListOperationsRequest.newBuilder()
                  .setFilter("kind = \"import\" AND done = true")
                  .setPageSize(1)
                  .setPageToken(page.getNextPageToken())
                  .build());
      page.getOperationsList().forEach(op -> names.add(op.getName()));
    }
    assertThat(names).containsSubsequence(second.getName(), first.getName());
    assertThat(
            JobCalls.list(
                    service.channel(),
                    ListOperationsRequest.newBuilder()
                        .setFilter("kind = \"release\" AND done = false")
                        .build())
                .getOperationsList())
        .isEmpty();
    refused(
        Status.Code.INVALID_ARGUMENT,
        () ->
            JobCalls.list(
                service.channel(),
                ListOperationsRequest.newBuilder().setFilter("state = 1").build()));

    JobCalls.cancel(service.channel(), first.getName());
    assertThat(JobCalls.get(service.channel(), first.getName()))
        .as("a done job is unchanged")
        .isEqualTo(first);
    refused(Status.Code.UNIMPLEMENTED, () -> JobCalls.delete(service.channel(), first.getName()));
    StatusRuntimeException unknown =
        refused(
            Status.Code.NOT_FOUND,
            () -> JobCalls.get(service.channel(), "operations/" + UUID.randomUUID()));
    assertThat(reason(unknown)).isEqualTo("JOB_NOT_FOUND");
    refused(Status.Code.NOT_FOUND, () -> JobCalls.get(service.channel(), "operations/nope"));
  }
}
