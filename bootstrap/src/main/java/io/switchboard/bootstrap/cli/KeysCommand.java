package io.switchboard.bootstrap.cli;

import io.switchboard.proto.v1.AdminServiceGrpc;
import io.switchboard.proto.v1.ApiKey;
import io.switchboard.proto.v1.CreateApiKeyRequest;
import io.switchboard.proto.v1.CreateApiKeyResponse;
import io.switchboard.proto.v1.ListApiKeysRequest;
import io.switchboard.proto.v1.RevokeApiKeyRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "keys",
    description = "An organization's API keys: create, revoke, list. Needs internal:admin.",
    subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class, KeysCommand.ListKeys.class})
final class KeysCommand extends GroupCommand {

  @Command(
      name = "create",
      description = {
        "Creates a key. Its secret is printed once, alone on stdout (the server keeps only its"
            + " hash); what the key is goes to stderr.",
        "  KEY=$(switchboard keys create --organization ORG --name router --scope internal:routing)"
      })
  static final class Create extends CliCommand {

    @Option(names = "--organization", required = true, paramLabel = "ID", description = "its id")
    String organization;

    @Option(names = "--name", required = true, description = "what the key is for")
    String name;

    @Option(
        names = "--scope",
        required = true,
        split = ",",
        paramLabel = "SCOPE",
        description =
            "repeatable or comma-separated: numbers:read, numbers:write, platform:inventory:write,"
                + " internal:routing, internal:trunk-credentials, internal:admin")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--request-id", paramLabel = "ID", description = "idempotency key")
    String requestId;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      ConnectionSettings settings = settings(connectionOptions);
      CreateApiKeyResponse created;
      try (Connection connection = connect(settings)) {
        created =
            connection
                .call(AdminServiceGrpc::newBlockingStub)
                .createApiKey(
                    CreateApiKeyRequest.newBuilder()
                        .setOrganizationId(organization)
                        .setName(name)
                        .addAllScopes(scopes)
                        .setRequestId(requestId == null ? "" : requestId)
                        .build());
      }
      ApiKey key = created.getApiKey();
      context()
          .err()
          .println(
              "created API key "
                  + key.getId()
                  + " ("
                  + key.getPrefix()
                  + "…) named "
                  + key.getName()
                  + " with scopes "
                  + String.join(",", key.getScopesList())
                  + (created.getSecret().isEmpty()
                      ? "; a replay of an earlier request: its secret was shown then"
                      : "; the secret (on stdout) is shown this once"));
      if (!created.getSecret().isEmpty()) {
        context().out().println(created.getSecret());
        context().out().flush();
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "revoke",
      description = "Revokes a key: requests with it fail from then on. Revoking twice is fine.")
  static final class Revoke extends CliCommand {

    @Option(names = "--organization", required = true, paramLabel = "ID", description = "its id")
    String organization;

    @Parameters(index = "0", paramLabel = "KEY_ID", description = "the key's id (keys list)")
    String keyId;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      ConnectionSettings settings = settings(connectionOptions);
      try (Connection connection = connect(settings)) {
        ApiKey key =
            connection
                .call(AdminServiceGrpc::newBlockingStub)
                .revokeApiKey(
                    RevokeApiKeyRequest.newBuilder()
                        .setOrganizationId(organization)
                        .setApiKeyId(keyId)
                        .build());
        context()
            .out()
            .println(
                "revoked API key "
                    + key.getId()
                    + " ("
                    + key.getPrefix()
                    + "…) named "
                    + key.getName()
                    + " at "
                    + JobsCommand.time(key.getRevokeTime()));
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "list", description = "The organization's keys, without secrets.")
  static final class ListKeys extends CliCommand {

    @Option(names = "--organization", required = true, paramLabel = "ID", description = "its id")
    String organization;

    @Mixin ConnectionOptions connectionOptions;

    @Override
    ExitCode run() {
      ConnectionSettings settings = settings(connectionOptions);
      Table table = new Table("ID", "NAME", "PREFIX", "SCOPES", "CREATED", "REVOKED");
      try (Connection connection = connect(settings)) {
        for (ApiKey key :
            connection
                .call(AdminServiceGrpc::newBlockingStub)
                .listApiKeys(
                    ListApiKeysRequest.newBuilder().setOrganizationId(organization).build())
                .getApiKeysList()) {
          table.row(
              key.getId(),
              key.getName(),
              key.getPrefix(),
              String.join(",", key.getScopesList()),
              JobsCommand.time(key.getCreateTime()),
              JobsCommand.time(key.getRevokeTime()));
        }
      }
      table.print(context().out());
      return ExitCode.OK;
    }
  }
}
