package io.switchboard.bootstrap.cli;

import io.switchboard.proto.v1.ListWebhookDeliveriesRequest;
import io.switchboard.proto.v1.ListWebhookDeliveriesResponse;
import io.switchboard.proto.v1.ListWebhookEndpointsRequest;
import io.switchboard.proto.v1.ListWebhookEndpointsResponse;
import io.switchboard.proto.v1.ReplayWebhookDeliveryRequest;
import io.switchboard.proto.v1.WebhookDelivery;
import io.switchboard.proto.v1.WebhookEndpoint;
import io.switchboard.proto.v1.WebhookServiceGrpc;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "webhooks",
    description = "The organization's webhook endpoints: list, deliveries, replay.",
    subcommands = {
      WebhooksCommand.ListEndpoints.class,
      WebhooksCommand.Deliveries.class,
      WebhooksCommand.Replay.class
    })
final class WebhooksCommand extends GroupCommand {

  @Command(name = "list", description = "The endpoints, oldest first. Needs numbers:read.")
  static final class ListEndpoints extends CliCommand {

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      ConnectionSettings settings = settings(connectionOptions);
      Table table = new Table("ID", "STATUS", "ENABLED", "EVENTS", "URL");
      try (Connection connection = connect(settings)) {
        String pageToken = "";
        do {
          ListWebhookEndpointsResponse page =
              connection
                  .call(WebhookServiceGrpc::newBlockingStub)
                  .listWebhookEndpoints(
                      ListWebhookEndpointsRequest.newBuilder()
                          .setPageSize(100)
                          .setPageToken(pageToken)
                          .build());
          for (WebhookEndpoint endpoint : page.getWebhookEndpointsList()) {
            table.row(
                endpoint.getId(),
                shortName(endpoint.getStatus().name(), "WEBHOOK_ENDPOINT_STATUS_"),
                Boolean.toString(endpoint.getEnabled()),
                String.join(",", endpoint.getEventTypesList()),
                endpoint.getUrl());
          }
          pageToken = page.getNextPageToken();
        } while (!pageToken.isEmpty());
      }
      table.print(context().out());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "deliveries",
      description = "An endpoint's delivery log, newest first. Needs numbers:read.")
  static final class Deliveries extends CliCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT_ID")
    String endpoint;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "at most this many (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      if (limit < 1) {
        throw CliException.usage("--limit must be at least 1");
      }
      ConnectionSettings settings = settings(connectionOptions);
      Table table =
          new Table("ID", "STATUS", "ATTEMPTS", "EVENT", "RESOURCE", "LAST_STATUS", "CREATED");
      try (Connection connection = connect(settings)) {
        String pageToken = "";
        int shown = 0;
        do {
          ListWebhookDeliveriesResponse page =
              connection
                  .call(WebhookServiceGrpc::newBlockingStub)
                  .listWebhookDeliveries(
                      ListWebhookDeliveriesRequest.newBuilder()
                          .setEndpointId(endpoint)
                          .setPageSize(Math.min(100, limit - shown))
                          .setPageToken(pageToken)
                          .build());
          for (WebhookDelivery delivery : page.getDeliveriesList()) {
            if (shown++ == limit) {
              break;
            }
            table.row(
                delivery.getId(),
                shortName(delivery.getStatus().name(), "WEBHOOK_DELIVERY_STATUS_"),
                Integer.toString(delivery.getAttempts()),
                delivery.getEventType(),
                delivery.getResource(),
                delivery.getLastStatusCode() == 0
                    ? ""
                    : Integer.toString(delivery.getLastStatusCode()),
                JobsCommand.time(delivery.getCreateTime()));
          }
          pageToken = page.getNextPageToken();
        } while (!pageToken.isEmpty() && shown < limit);
      }
      table.print(context().out());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "replay",
      description =
          "Sends a message again as soon as possible, with the same webhook-id and body and a"
              + " fresh retry window. Needs numbers:write.")
  static final class Replay extends CliCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT_ID")
    String endpoint;

    @Parameters(index = "1", paramLabel = "DELIVERY_ID")
    String delivery;

    @Option(names = "--request-id", paramLabel = "ID", description = "idempotency key")
    String requestId;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      ConnectionSettings settings = settings(connectionOptions);
      try (Connection connection = connect(settings)) {
        WebhookDelivery replayed =
            connection
                .call(WebhookServiceGrpc::newBlockingStub)
                .replayWebhookDelivery(
                    ReplayWebhookDeliveryRequest.newBuilder()
                        .setEndpointId(endpoint)
                        .setDeliveryId(delivery)
                        .setRequestId(requestId == null ? "" : requestId)
                        .build());
        context()
            .out()
            .println(
                "replaying delivery "
                    + replayed.getId()
                    + " ("
                    + replayed.getEventType()
                    + " of "
                    + replayed.getResource()
                    + ") to endpoint "
                    + replayed.getEndpointId()
                    + ": "
                    + shortName(replayed.getStatus().name(), "WEBHOOK_DELIVERY_STATUS_"));
      }
      return ExitCode.OK;
    }
  }

  static String shortName(String name, String prefix) {
    return (name.startsWith(prefix) ? name.substring(prefix.length()) : name)
        .toLowerCase(Locale.ROOT);
  }
}
