package io.jitguard.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}, shared by every command. */
final class FormatOption {
  @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE})",
      defaultValue = "text")
  OutputFormat format = OutputFormat.text;
}
