package io.switchboard.bootstrap.cli;

import java.io.Console;

/** Whether a person watches stdout, to choose between a redrawn bar and plain lines. */
final class Terminal {

  private Terminal() {}

  /**
   * From JDK 22 {@code System.console()} is there even when redirected, and {@code isTerminal()}
   * says whether it really is a terminal; we compile for 21, so the method is looked up.
   */
  static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK 21: a console exists only on a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
