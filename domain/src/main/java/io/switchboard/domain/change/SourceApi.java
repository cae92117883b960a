package io.switchboard.domain.change;

/** Which door a change came through, recorded on every change event. */
public enum SourceApi {
  GRPC("grpc"),
  REST_MINDHUNTERS("rest.mindhunters"),
  REST_VOICEOS("rest.voiceos"),
  REST_AGENTMESSAGE("rest.agentmessage"),
  SYSTEM("system");

  private final String wireName;

  SourceApi(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static SourceApi fromWireName(String name) {
    for (SourceApi s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown source api " + name);
  }
}
