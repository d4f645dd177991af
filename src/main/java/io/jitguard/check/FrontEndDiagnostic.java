package io.jitguard.check;

import io.jitguard.source.SourceLocation;
import io.jitguard.plan.UnitKey;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Something the front end itself reports: an {@code #error} reached, an include it cannot find
 * or that escapes the project, a construct the parser skipped, a limit the checker set itself, an
 * internal failure of the checker, an entry point it cannot resolve. Errors among them fail a
 * check run like findings do; an internal failure makes the run exit 3 however it is rendered.
 * {@code units} are the compile units of the build plan whose check reached it.
 */
public record FrontEndDiagnostic(Severity severity, SourceLocation location, String message, Kind kind,
    Set<UnitKey> units) {

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
    ENTRY,
    /** A Python source that is not valid Python where the checker reads it (a string that never ends). */
    PYTHON
  }

  public FrontEndDiagnostic(Severity severity, SourceLocation location, String message, Kind kind) {
    this(severity, location, message, kind, new LinkedHashSet<>());
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
