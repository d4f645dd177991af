package io.jitguard.cpp.pp;

import io.jitguard.source.SourceLocation;

/**
 * A problem the preprocessor met and stepped over. {@code limit}: it reached a limit it sets
 * itself, and what lies past it was not checked.
 */
public record PpDiagnostic(Kind kind, SourceLocation location, String message, boolean limit) {
  public enum Kind {
    ERROR, WARNING, NOTE;

    public String spelling() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public PpDiagnostic(Kind kind, SourceLocation location, String message) {
    this(kind, location, message, false);
  }
}
