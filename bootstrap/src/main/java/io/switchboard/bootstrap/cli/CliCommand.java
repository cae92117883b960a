package io.switchboard.bootstrap.cli;

import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A leaf command: runs, and says how the process ends; a failed call becomes one line. */
abstract class CliCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  private String target = "the server";

  CliContext context() {
    return ((SwitchboardCli) spec.root().userObject()).context();
  }

  /** A connection with the options' settings, checked before anything is read or sent. */
  Connection connect(ConnectionSettings settings) {
    target = settings.address().toString();
    return Connection.open(settings);
  }

  ConnectionSettings settings(ConnectionOptions options) {
    return options.resolve(context().environment());
  }

  @Override
  public final Integer call() throws Exception {
    try {
      return run().status();
    } catch (StatusRuntimeException e) {
      throw GrpcFailures.describe(e, target);
    }
  }

  abstract ExitCode run() throws Exception;
}
