package io.switchboard.bootstrap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups others: without one of them it is a usage error. */
abstract class GroupCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "which one? " + String.join(", ", spec.subcommands().keySet()));
  }
}
