package io.switchboard.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The gRPC meters, counted over a real Netty server on loopback, against Micrometer's own
 * interceptor.
 */
class GrpcServerMetricsTest {

  @Test
  void counts_requests_responses_and_durations_by_status() throws Exception {
    Map<String, Double> samples = scenario(GrpcServerMetrics::new);

    String check = "method=\"Check\",methodType=\"UNARY\",service=\"grpc.health.v1.Health\"";
    assertThat(samples)
        .containsEntry("grpc_server_requests_received_messages_total{" + check + "}", 3.0)
        .containsEntry("grpc_server_responses_sent_messages_total{" + check + "}", 2.0)
        .containsEntry(
            "grpc_server_processing_duration_seconds_count{" + check + ",statusCode=\"OK\"}", 2.0)
        .containsEntry(
            "grpc_server_processing_duration_seconds_count{" + check + ",statusCode=\"NOT_FOUND\"}",
            1.0)
        .containsEntry(
            "grpc_server_processing_duration_seconds_count{method=\"Watch\",methodType=\"SERVER_STREAMING\","
                + "service=\"grpc.health.v1.Health\",statusCode=\"CANCELLED\"}",
            1.0);
    // latency buckets, for p99 in Prometheus
    assertThat(samples)
        .hasEntrySatisfying(
            "grpc_server_processing_duration_seconds_bucket{"
                + check
                + ",statusCode=\"OK\",le=\"+Inf\"}",
            count -> assertThat(count).isEqualTo(2.0));
  }

  @Test
  void shows_the_same_series_and_counts_as_micrometers_interceptor() throws Exception {
    Map<String, Double> ours = scenario(GrpcServerMetrics::new);
    Map<String, Double> micrometers = scenario(MetricCollectingServerInterceptor::new);
    // Micrometer also registers an OK timer for every method it sees, so a call that never ended OK
    // shows a 0 series
    micrometers.values().removeIf(count -> count == 0.0);
    // ours adds latency buckets to the same timers
    ours.keySet().removeIf(series -> series.contains("_bucket{"));

    assertThat(ours).isEqualTo(micrometers);
  }

  /**
   * Two OK checks, one of an unknown service (NOT_FOUND), one Watch cancelled by the client;
   * returns every {@code grpc_server_*} count of the scrape (durations' sums and maxima left out:
   * they differ run to run).
   */
  private static Map<String, Double> scenario(
      Function<PrometheusMeterRegistry, ServerInterceptor> interceptor) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HealthStatusManager health = new HealthStatusManager();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerInterceptors.intercept(
                    health.getHealthService(), interceptor.apply(registry)))
            .build()
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try {
      var stub = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
      stub.check(HealthCheckRequest.getDefaultInstance());
      stub.check(HealthCheckRequest.getDefaultInstance());
      assertThatThrownBy(() ->
              stub.check(HealthCheckRequest.newBuilder().setService("no.such.Service").build()))
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessageStartingWith("NOT_FOUND");

      CountDownLatch firstUpdate = new CountDownLatch(1);
      var watch = io.grpc.Context.current().withCancellation();
      watch.run(() ->
          HealthGrpc.newStub(channel)
              .watch(
                  HealthCheckRequest.getDefaultInstance(),
                  new StreamObserver<HealthCheckResponse>() {
                    @Override
                    public void onNext(HealthCheckResponse value) {
                      firstUpdate.countDown();
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                  }));
      assertThat(firstUpdate.await(10, TimeUnit.SECONDS)).isTrue();
      watch.cancel(null);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      Map<String, Double> samples = counts(registry.scrape());
      while (samples.keySet().stream().noneMatch(k -> k.contains("CANCELLED"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
        samples = counts(registry.scrape());
      }
      return samples;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Double> counts(String scrape) {
    Map<String, Double> samples = new TreeMap<>();
    scrape
        .lines()
        .filter(l -> l.startsWith("grpc_server_") && !l.contains("_sum{") && !l.contains("_max{"))
        .forEach(l ->
            samples.put(
                l.substring(0, l.lastIndexOf(' ')),
                Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))));
    return samples;
  }
}
