package io.jitguard.source;

/** A place in a source file: 1-based line and column, as the user sees them (splices included). */
public record SourceLocation(SourceFile file, int line, int column) {
  public String fileName() {
    return file.displayName();
  }

  @Override
  public String toString() {
    return file.displayName() + ":" + line + ":" + column;
  }
}
