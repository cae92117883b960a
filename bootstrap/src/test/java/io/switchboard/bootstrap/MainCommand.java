package io.switchboard.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that runs {@link Main} in a child JVM: the fat jar when it has been built, else the
 * tests' class path.
 */
public final class MainCommand {

  private MainCommand() {}

  public static List<String> of(List<String> jvmOptions, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    Path fatJar = Path.of("target", "switchboard.jar");
    if (Files.isRegularFile(fatJar)) {
      command.addAll(List.of("-jar", fatJar.toString()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }
    command.addAll(arguments);
    return command;
  }
}
