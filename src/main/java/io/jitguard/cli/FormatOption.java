package io.jitguard.cli;

import picocli.CommandLine.Option;

/** {@code --format}, shared by every command; SARIF only where there are findings to report. */
final class FormatOption {
  @Option(names = "--format", paramLabel = "FORMAT",
      description = "text, json or (check, compile) sarif (default: text, or the config's 'output')")
  OutputFormat given;

  /** The format in effect: the flag, else the config's {@code output}, else text. */
  OutputFormat resolve(io.jitguard.config.Settings settings) {
    return given != null ? given : settings.output().map(OutputFormat::valueOf).orElse(OutputFormat.text);
  }

  OutputFormat format() {
    return given == null ? OutputFormat.text : given;
  }

  /** For commands without findings: SARIF would carry nothing, so say so rather than print an empty run. */
  void requireNotSarif(String command) {
    if (given == OutputFormat.sarif) {
      throw new UsageException("--format sarif is for check and compile; '" + command + "' prints text or json");
    }
  }
}
