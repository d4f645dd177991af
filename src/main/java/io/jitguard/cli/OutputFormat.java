package io.jitguard.cli;

/** {@code --format}: for people, for programs, or (check and compile) for code-scanning tools. */
public enum OutputFormat {
  text,
  json,
  sarif
}
