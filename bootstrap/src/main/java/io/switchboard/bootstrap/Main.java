package io.switchboard.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.switchboard.bootstrap.cli.CliContext;
import io.switchboard.bootstrap.cli.SwitchboardCli;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts Switchboard from environment variables and runs until SIGTERM or SIGINT; or runs one
 * operator command against a running Switchboard ({@link SwitchboardCli}).
 */
public final class Main {

  static final int EXIT_BAD_CONFIGURATION = 2;
  static final int EXIT_STARTUP_FAILED = 1;

  /**
   * The one command: apply pending migrations and exit (a deploy step or Kubernetes Job before the
   * rollout).
   */
  static final String MIGRATE = "migrate";

  static final String RESEAL = "reseal";

  private Main() {}

  public static void main(String[] args) {
    routeJavaUtilLoggingToSlf4j();
    if (args.length > 0 && SwitchboardCli.COMMANDS.contains(args[0])) {
      // a client: its output is its own lines, never a library's log
      setRootLogLevel("OFF");
      System.exit(SwitchboardCli.run(args, CliContext.ofProcess()));
      return;
    }
    if (args.length == 1 && args[0].equals(RESEAL)) {
      System.exit(reseal());
      return;
    }
    if (args.length > 1 || (args.length == 1 && !args[0].equals(MIGRATE))) {
      System.err.println(
          "switchboard: unknown arguments "
              + String.join(" ", args)
              + "; usage: switchboard.jar [migrate | reseal | help | <command>]");
      System.exit(EXIT_BAD_CONFIGURATION);
      return;
    }
    boolean migrateOnly = args.length == 1;
    Switchboard switchboard;
    try {
      Config config = Config.fromEnvironment(System.getenv());
      setRootLogLevel(config.logLevel());
      if (config.telemetry().logFormat() == Config.LogFormat.JSON) {
        useJsonLogLines();
      }
      if (migrateOnly) {
        int applied = Switchboard.migrate(config);
        System.out.println("switchboard: schema up to date (" + applied + " migration(s) applied)");
        System.exit(0);
        return;
      }
      switchboard = Switchboard.start(config);
    } catch (ConfigException e) {
      // the operator's mistake: one line naming the setting, no stack trace
      System.err.println("switchboard: " + e.getMessage());
      System.exit(EXIT_BAD_CONFIGURATION);
      return;
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(Main.class).error("Startup failed", e);
      System.err.println("switchboard: startup failed: " + e.getMessage());
      System.exit(EXIT_STARTUP_FAILED);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    log.info(
        "Switchboard listening: gRPC on port {}, HTTP on port {}, database {}, management on port {}; {} on {}",
        switchboard.grpcPort(),
        switchboard.httpPort(),
        switchboard.databaseDescription(),
        switchboard.managementPort(),
        switchboard.transportDescription(),
        switchboard.config().transport().bindAddress().getHostAddress());

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  boolean drained = switchboard.shutdown();
                  // A JVM ended by SIGTERM reports 143; an orderly drain is a successful stop, so
                  // say 0.
                  // Nothing else in this process calls System.exit after startup, so no other
                  // status is overridden.
                  Runtime.getRuntime().halt(drained ? 0 : 1);
                },
                "switchboard-shutdown"));
    switchboard.awaitTermination();
  }

  /**
   * {@code reseal}: seal every credential under the current key; exit 0 when none is left under
   * another key.
   */
  private static int reseal() {
    try {
      Config config = Config.fromEnvironment(System.getenv());
      setRootLogLevel(config.logLevel());
      var outcome = ResealCommand.run(config);
      System.out.println("switchboard: " + ResealCommand.describe(outcome));
      return outcome.remaining() == 0 ? 0 : EXIT_STARTUP_FAILED;
    } catch (ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      return EXIT_BAD_CONFIGURATION;
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(Main.class).error("Reseal failed", e);
      System.err.println("switchboard: reseal failed: " + e.getMessage());
      return EXIT_STARTUP_FAILED;
    }
  }

  private static void routeJavaUtilLoggingToSlf4j() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /**
   * Swaps the console's encoder for {@link JsonLogEncoder}; before the first line of the service is
   * written.
   */
  private static void useJsonLogLines() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")
            instanceof OutputStreamAppender<ILoggingEvent> console) {
      JsonLogEncoder encoder = new JsonLogEncoder();
      encoder.setContext(context);
      encoder.start();
      console.stop();
      console.setEncoder(encoder);
      console.start();
    }
  }

  private static void setRootLogLevel(String level) {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.toLevel(level));
    }
  }
}
