package io.jitguard.cli;

import io.jitguard.nvrtc.Toolchain;
import io.jitguard.nvrtc.Nvrtc;
import io.jitguard.report.SimpleJson;
import io.jitguard.targets.Target;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jitguard targets}: what the loaded NVRTC can compile for. */
@Command(name = "targets", mixinStandardHelpOptions = true,
    description = "List the targets the loaded NVRTC supports.")
final class TargetsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin FormatOption output;

  @Override
  public Integer call() {
    output.requireNotSarif("targets");
    PrintWriter out = spec.commandLine().getOut();
    Nvrtc nvrtc = Toolchain.load().nvrtc();
    List<Target> all = nvrtc.supportedTargets().all();
    if (output.format() == OutputFormat.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("nvrtcVersion", nvrtc.version().toString());
      doc.put("targets", all.stream().map(t -> Map.of("name", t.name(), "sm", t.sm(),
          "archSpecific", t.archSpecific(), "cudaArch", t.cudaArch())).toList());
      SimpleJson.print(doc, out);
    } else {
      out.printf("NVRTC %s supports %d targets:%n", nvrtc.version(), all.size());
      for (Target t : all) {
        out.printf("  %-8s __CUDA_ARCH__=%d%s%n", t.name(), t.cudaArch(),
            t.archSpecific() ? "  (arch-specific: runs only on sm_" + t.sm() + ")" : "");
      }
      out.flush();
    }
    return ExitCodes.OK;
  }
}
