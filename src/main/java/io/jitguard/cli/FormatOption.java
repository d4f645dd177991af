package io.jitguard.cli;

import picocli.CommandLine.Option;

/** {@code --format}, shared by every command; SARIF only where there are findings to report. */
final class FormatOption {
  @Option(names = "--format", paramLabel = "FORMAT",
      description = "text, json or (check, compile) sarif (default: ${DEFAULT-VALUE})", defaultValue = "text")
  OutputFormat format = OutputFormat.text;

  /** For commands without findings: SARIF would carry nothing, so say so rather than print an empty run. */
  void requireNotSarif(String command) {
    if (format == OutputFormat.sarif) {
      throw new UsageException("--format sarif is for check and compile; '" + command + "' prints text or json");
    }
  }
}
