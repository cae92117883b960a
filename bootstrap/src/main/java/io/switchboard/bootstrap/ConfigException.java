package io.switchboard.bootstrap;

/**
 * A setting that is missing, malformed or unusable (a taken port, an unreachable database). Its
 * message names the setting and is meant to be shown to the operator as is.
 */
public final class ConfigException extends RuntimeException {

  private final String setting;

  public ConfigException(String setting, String problem) {
    this(setting, problem, null);
  }

  public ConfigException(String setting, String problem, Throwable cause) {
    super(setting + ": " + problem, cause);
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }
}
