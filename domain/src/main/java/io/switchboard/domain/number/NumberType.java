package io.switchboard.domain.number;

/** The category of a number, as carriers sell them. */
public enum NumberType {
  LOCAL,
  TOLL_FREE,
  MOBILE,
  NATIONAL
}
