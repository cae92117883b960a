package io.switchboard.bootstrap.reliability;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on loopback: what a collector would be, minus everything but
 * decoding. Each POST to {@code /v1/traces} is parsed with the OpenTelemetry protobuf definitions
 * and its spans kept.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream raw = exchange.getRequestBody()) {
            InputStream body =
                "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(raw)
                    : raw;
            requests.add(ExportTraceServiceRequest.parseFrom(body));
            contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
          } catch (Throwable e) {
            failures.add(e.toString());
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** The base URL for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests it could not decode. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  /** Every span received so far, with the service name of its resource. */
  List<Received> spans() {
    return requests.stream()
        .flatMap(r -> r.getResourceSpansList().stream())
        .flatMap(rs -> {
          String service =
              rs.getResource().getAttributesList().stream()
                  .filter(a -> a.getKey().equals("service.name"))
                  .map(a -> a.getValue().getStringValue())
                  .findFirst()
                  .orElse("");
          return rs.getScopeSpansList().stream()
              .flatMap(ss -> ss.getSpansList().stream())
              .map(span -> new Received(service, span));
        })
        .toList();
  }

  /** A span as received, with its ids in the hex form of {@code traceparent}. */
  record Received(String service, Span span) {
    String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    String name() {
      return span.getName();
    }

    Optional<String> attribute(String key) {
      return span.getAttributesList().stream()
          .filter(a -> a.getKey().equals(key))
          .findFirst()
          .map(KeyValue::getValue)
          .map(v ->
              v.hasStringValue()
                  ? v.getStringValue()
                  : v.hasIntValue() ? Long.toString(v.getIntValue()) : v.toString());
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
