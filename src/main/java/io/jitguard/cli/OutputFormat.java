package io.jitguard.cli;

/** {@code --format}: for people, or for programs. */
public enum OutputFormat {
  text,
  json
}
