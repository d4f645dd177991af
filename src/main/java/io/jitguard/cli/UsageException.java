package io.jitguard.cli;

/** A command line that parses but asks for something the command cannot do (exit code 2). */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
