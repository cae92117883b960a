package io.switchboard.bootstrap;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Starts Switchboard from environment variables and runs until SIGTERM or SIGINT. */
public final class Main {

    static final int EXIT_BAD_CONFIGURATION = 2;
    static final int EXIT_STARTUP_FAILED = 1;

    private Main() {
    }

    public static void main(String[] args) {
        routeJavaUtilLoggingToSlf4j();
        Switchboard switchboard;
        try {
            Config config = Config.fromEnvironment(System.getenv());
            setRootLogLevel(config.logLevel());
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
        log.info("Switchboard listening: gRPC on port {}, HTTP on port {}, database {}; {} on {}",
                switchboard.grpcPort(), switchboard.httpPort(), switchboard.databaseDescription(),
                switchboard.transportDescription(), switchboard.config().transport().bindAddress().getHostAddress());

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean drained = switchboard.shutdown();
            // A JVM ended by SIGTERM reports 143; an orderly drain is a successful stop, so say 0.
            // Nothing else in this process calls System.exit after startup, so no other status is overridden.
            Runtime.getRuntime().halt(drained ? 0 : 1);
        }, "switchboard-shutdown"));
        switchboard.awaitTermination();
    }

    private static void routeJavaUtilLoggingToSlf4j() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private static void setRootLogLevel(String level) {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.toLevel(level));
        }
    }
}
