package io.jitguard.check;

import io.jitguard.source.SourceLocation;

/**
 * Something the front end itself reports: an {@code #error} reached, an include it cannot find
 * or that escapes the include roots, a construct the parser skipped, an entry point it cannot
 * resolve. Errors among them fail a check run like findings do.
 */
public record FrontEndDiagnostic(Severity severity, SourceLocation location, String message, boolean skippedConstruct,
    java.util.SortedSet<String> targets, java.util.SortedSet<String> variants) {

  public FrontEndDiagnostic(Severity severity, SourceLocation location, String message, boolean skippedConstruct) {
    this(severity, location, message, skippedConstruct, new java.util.TreeSet<>(), new java.util.TreeSet<>());
  }

  public String headline() {
    return location + ": " + severity.spelling() + ": " + message;
  }
}
