package io.jitguard.cli;

import io.jitguard.report.SimpleJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jitguard doctor}: the environment, checked piece by piece. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Show Java, NVRTC, CUDA headers, driver and GPU, cache folder and manifest.")
final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--manifest", paramLabel = "FILE", description = "kernel manifest (default: ${DEFAULT-VALUE})",
      defaultValue = "kernels/manifest.json")
  Path manifest;

  @Mixin FormatOption output;

  @Override
  public Integer call() {
    output.requireNotSarif("doctor");
    PrintWriter out = spec.commandLine().getOut();
    Doctor.Report report = Doctor.inspect(manifest);
    if (output.format() == OutputFormat.json) {
      SimpleJson.print(report.toJson(), out);
    } else {
      for (Doctor.Check c : report.checks()) {
        out.printf("%-12s %s %s%n", c.name(), c.ok() ? "ok  " : "FAIL", c.value().replace("\n", "\n                  "));
      }
      out.flush();
    }
    return report.ok() ? ExitCodes.OK : ExitCodes.ENVIRONMENT;
  }
}
