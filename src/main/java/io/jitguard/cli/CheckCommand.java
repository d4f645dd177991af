package io.jitguard.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.check.CheckRequest;
import io.jitguard.check.CheckRunner;
import io.jitguard.cpp.Budget;
import io.jitguard.check.Checker;
import io.jitguard.config.Configuration;
import io.jitguard.config.Settings;
import io.jitguard.report.FindingJsonReport;
import io.jitguard.report.FindingTextReport;
import io.jitguard.report.SarifReport;
import io.jitguard.targets.TargetException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jitguard check}: the static checks, without NVRTC and without a GPU. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check kernel sources statically: with no FILE, every variant, instantiation and target of the "
        + "manifest; with FILEs, those sources.")
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "sources to check (default: the manifest)")
  List<Path> files = new ArrayList<>();

  @Option(names = "--manifest", paramLabel = "FILE", defaultValue = "kernels/manifest.json",
      description = "kernel manifest (default: ${DEFAULT-VALUE})")
  Path manifest;

  @Option(names = "-I", paramLabel = "DIR", description = "include folder (repeatable)")
  List<Path> includes = new ArrayList<>();

  @Option(names = "-D", paramLabel = "NAME[=VALUE]", description = "define a macro (repeatable)")
  List<String> defines = new ArrayList<>();

  @Option(names = {"--sm", "--targets"}, paramLabel = "LIST", split = ",",
      description = "targets such as 80,90a (default: the manifest's; for FILEs, sm_90a)")
  List<String> targets = new ArrayList<>();

  @Option(names = "--instantiate", paramLabel = "EXPR",
      description = "check this instantiation, as an NVRTC name expression (repeatable)")
  List<String> instantiate = new ArrayList<>();

  @Option(names = "--bind", paramLabel = "NAME=TYPE", description = "bind a template parameter or alias (repeatable)")
  List<String> binds = new ArrayList<>();

  @Option(names = "--python", paramLabel = "FILE", arity = "1..*",
      description = "Python sources whose calls of what the FILEs register (TORCH_LIBRARY, PYBIND11_MODULE) are "
          + "checked against the registered functions' parameters (JG005)")
  List<Path> python = new ArrayList<>();

  @Option(names = "--family", paramLabel = "NAME", description = "check only this family (repeatable)")
  List<String> families = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "also list the constructs the checker skipped and the places "
      + "where a rule would fire but the evidence is incomplete")
  Boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "print only the summary line")
  boolean quiet;

  @Option(names = "--budget", paramLabel = "NAME=N", description = "the work allowed per unit before it is noted "
      + "as not fully checked (repeatable): " + "expansion, expansion-per-token, output, output-per-token, includes, "
      + "include-depth, macro-depth, instantiations, instantiations-per-function, steps (README: Budgets)")
  List<String> budget = new ArrayList<>();

  @Mixin FormatOption output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Settings flags = new Settings(targets.isEmpty() ? Optional.empty() : Optional.of(ImmutableList.copyOf(targets)),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.ofNullable(verbose),
        Optional.ofNullable(output.given).map(Enum::name), Optional.empty(), Optional.empty());
    // the project config sits beside the manifest; for files given directly only the user's applies
    Settings settings = (files.isEmpty() ? Configuration.load(manifest) : Configuration.loadUserOnly()).settings()
        .overriddenBy(flags);
    OutputFormat format = output.resolve(settings);
    CheckRequest request = new CheckRequest(manifest, ImmutableList.copyOf(files), ImmutableList.copyOf(includes),
        ImmutableMap.copyOf(pairs(defines, "-D", "NAME[=VALUE]", true)), settings.targets().orElse(ImmutableList.of()),
        ImmutableList.copyOf(instantiate), ImmutableMap.copyOf(pairs(binds, "--bind", "NAME=TYPE", false)),
        ImmutableList.copyOf(families), ImmutableList.copyOf(python));
    if (!python.isEmpty() && files.isEmpty()) {
      throw new TargetException("--python needs the C++ files that register what it calls (jitguard check FILE... "
          + "--python FILE...)");
    }
    Budget work;
    try {
      work = Budget.fromSystemProperties().with(budget);
    } catch (IllegalArgumentException e) {
      throw new TargetException("--budget " + e.getMessage());
    }
    Checker.Result result = CheckRunner.run(request, work);
    if (format == OutputFormat.json) {
      FindingJsonReport.render(result, out);
    } else if (format == OutputFormat.sarif) {
      SarifReport.render(SarifReport.forCheck(result), out);
    } else if (quiet) {
      FindingTextReport.summary(result, out);
    } else {
      FindingTextReport.render(result, settings.verbose().orElse(false), out);
    }
    if (result.internalErrors() > 0) { // the report above is complete for everything else
      PrintWriter err = spec.commandLine().getErr();
      err.println("jitguard: internal error: " + result.internalErrors() + " place" + (result.internalErrors() == 1
          ? "" : "s") + " could not be analysed (each named above as 'internal error'); the rest was checked. This is "
          + "a bug in jitguard, not in the kernels.");
      err.flush();
      return ExitCodes.INTERNAL;
    }
    return result.errors() == 0 ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  private static final java.util.regex.Pattern MACRO_NAME = java.util.regex.Pattern.compile(
      "[A-Za-z_][A-Za-z0-9_]*(\\(\\s*([A-Za-z_][A-Za-z0-9_]*\\s*(,\\s*[A-Za-z_][A-Za-z0-9_]*\\s*)*(,\\s*\\.\\.\\.\\s*)?|\\.\\.\\.\\s*)?\\))?");

  private static Map<String, String> pairs(List<String> items, String option, String form, boolean valueOptional) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if ((eq < 0 && !valueOptional) || eq == 0) {
        throw new TargetException(option + " expects " + form + ", not '" + item + "'");
      }
      String name = eq < 0 ? item : item.substring(0, eq);
      if (option.equals("-D") && !MACRO_NAME.matcher(name).matches()) {
        throw new TargetException("-D '" + item + "': '" + name + "' is not a macro name (an identifier, or one with "
            + "a parameter list: NAME(a,b))");
      }
      out.put(name, eq < 0 ? "1" : item.substring(eq + 1));
    }
    return out;
  }
}
