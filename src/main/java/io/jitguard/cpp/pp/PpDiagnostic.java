package io.jitguard.cpp.pp;

import io.jitguard.source.SourceLocation;

/** A problem the preprocessor met and stepped over. */
public record PpDiagnostic(Kind kind, SourceLocation location, String message) {
  public enum Kind {
    ERROR, WARNING, NOTE;

    public String spelling() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
