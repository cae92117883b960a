package io.switchboard.domain.number;

/**
 * How the organization came to hold a number: bought through us, or brought from elsewhere (a BYO
 * SIP trunk).
 */
public enum NumberSource {
  PURCHASED,
  EXTERNAL
}
