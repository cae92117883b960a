package io.switchboard.application.archfixture;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Deliberately wrong, for ArchitectureTest: application code that reaches for a wire format. */
public final class ApplicationThatKnowsJackson {
  private final ObjectMapper json = new ObjectMapper();

  public String render(Object value) throws Exception {
    return json.writeValueAsString(value);
  }
}
