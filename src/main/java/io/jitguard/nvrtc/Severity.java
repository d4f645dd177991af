package io.jitguard.nvrtc;

import java.util.Locale;

/** A compiler diagnostic's severity, as EDG (NVRTC's front end) prints it. */
public enum Severity {
  FATAL("catastrophic error"),
  ERROR("error"),
  WARNING("warning"),
  REMARK("remark"),
  NOTE("note");

  private final String spelling;

  Severity(String spelling) {
    this.spelling = spelling;
  }

  /** The word the compiler prints. */
  public String spelling() {
    return spelling;
  }

  public boolean isError() {
    return this == FATAL || this == ERROR;
  }

  static Severity fromSpelling(String s) {
    for (Severity v : values()) {
      if (v.spelling.equals(s.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new IllegalArgumentException(s);
  }
}
