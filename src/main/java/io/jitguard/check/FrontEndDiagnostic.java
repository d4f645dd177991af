package io.jitguard.check;

import io.jitguard.source.SourceLocation;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Something the front end itself reports: an {@code #error} reached, an include it cannot find
 * or that escapes the project, a construct the parser skipped, a limit the checker set itself, an
 * internal failure of the checker, an entry point it cannot resolve. Errors among them fail a
 * check run like findings do; an internal failure makes the run exit 3 however it is rendered.
 */
public record FrontEndDiagnostic(Severity severity, SourceLocation location, String message, Kind kind,
    SortedSet<String> targets, SortedSet<String> variants) {

  public enum Kind {
    /** From the preprocessor: a missing include, an {@code #error}, a directive it could not read. */
    PREPROCESSOR,
    /** A construct the parser did not understand and skipped. */
    SKIPPED,
    /** A limit the checker sets itself: what lies past it was not checked. */
    LIMIT,
    /** A failure of the checker itself (a bug in jitguard); the rest of the run went on. */
    INTERNAL,
    /** An entry point (an instantiation to check) that names nothing. */
    ENTRY
  }

  public FrontEndDiagnostic(Severity severity, SourceLocation location, String message, Kind kind) {
    this(severity, location, message, kind, new TreeSet<>(), new TreeSet<>());
  }

  public boolean skippedConstruct() {
    return kind == Kind.SKIPPED;
  }

  public boolean internal() {
    return kind == Kind.INTERNAL;
  }

  public String headline() {
    return location + ": " + severity.spelling() + ": " + message;
  }
}
