package io.switchboard.bootstrap.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The operator CLI: {@code java -jar switchboard.jar <command>}, talking gRPC to a Switchboard. */
@Command(
    name = "switchboard",
    description = "Operator commands for a running Switchboard, over gRPC.",
    mixinStandardHelpOptions = true,
    versionProvider = SwitchboardCli.Version.class,
    subcommands = {
      ImportNumbersCommand.class,
      UpdateNumbersCommand.class,
      JobsCommand.class,
      KeysCommand.class,
      WebhooksCommand.class,
      HelpCommand.class
    },
    footer = {
      "",
      "Exit status: 0 done, 1 failed, 2 bad usage or input, 3 unavailable (retry), 4 key refused,"
          + " 5 not found, 6 rejected by the server, 7 a job's items failed."
    })
public final class SwitchboardCli implements Runnable {

  /** The first arguments that mean this CLI rather than the server. */
  public static final Set<String> COMMANDS =
      Set.of(
          "import-numbers",
          "update-numbers",
          "jobs",
          "keys",
          "webhooks",
          "help",
          "--help",
          "-h",
          "--version",
          "-V");

  private final CliContext context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  SwitchboardCli(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is missing");
  }

  /** Runs one command line and returns the process's exit status. */
  public static int run(String[] args, CliContext context) {
    CommandLine cli = new CommandLine(new SwitchboardCli(context));
    cli.setOut(new PrintWriter(context.out(), true));
    cli.setErr(new PrintWriter(context.err(), true));
    cli.setParameterExceptionHandler((e, arguments) -> {
      context
          .err()
          .println(
              new CliException(
                      ExitCode.USAGE,
                      "USAGE",
                      e.getMessage()
                          + " (see "
                          + e.getCommandLine().getCommandSpec().qualifiedName(" ")
                          + " --help)")
                  .line());
      return ExitCode.USAGE.status();
    });
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      CliException failure =
          e instanceof CliException known
              ? known
              : new CliException(
                  ExitCode.FAILED,
                  "INTERNAL",
                  e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      context.err().println(failure.line());
      return failure.exitCode().status();
    });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SwitchboardCli.class.getPackage().getImplementationVersion();
      return new String[] {"switchboard " + (version == null ? "(development build)" : version)};
    }
  }
}
