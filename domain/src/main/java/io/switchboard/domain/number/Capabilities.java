package io.switchboard.domain.number;

/** What the carrier supports on a number. Channel settings may only enable what is capable. */
public record Capabilities(
    boolean voice, boolean sms, boolean mms, boolean fax, boolean emergency, boolean localCalling) {
  public static final Capabilities NONE =
      new Capabilities(false, false, false, false, false, false);
  public static final Capabilities VOICE_AND_SMS =
      new Capabilities(true, true, false, false, false, true);
  public static final Capabilities VOICE_ONLY =
      new Capabilities(true, false, false, false, false, true);
}
