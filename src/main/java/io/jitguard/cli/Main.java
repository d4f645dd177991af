package io.jitguard.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import io.jitguard.config.ConfigException;
import io.jitguard.gpu.KernelRuntime;
import io.jitguard.manifest.ManifestException;
import io.jitguard.nvrtc.NvrtcUnavailableException;
import io.jitguard.targets.TargetException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jitguard} command line: thin commands over the core library. */
@Command(
    name = "jitguard",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Compiles and checks CUDA kernel templates with NVRTC for every target architecture.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every family compiles (or the command succeeded)",
        "1:compile failures (a slot without a working variant; with --strict, any variant failing)",
        "2:usage or configuration error (command line, manifest, target)",
        "3:environment error (NVRTC, CUDA headers, file system), or an internal error of jitguard"})
public final class Main {
  public static void main(String[] args) {
    io.jitguard.trace.PhaseTrace.mark("main entered");
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    io.jitguard.trace.PhaseTrace.mark("exiting");
    System.exit(code);
  }

  /** The commands, in the order help lists them; each built only when it is the one run. */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("check", CheckCommand::new);
    m.put("compile", CompileCommand::new);
    m.put("run-mla", RunMlaCommand::new);
    m.put("targets", TargetsCommand::new);
    m.put("cache", CacheCommand::new);
    m.put("doctor", DoctorCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }

  /** Runs one command line, writing to the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    // picocli reads every registered command's options when it builds the model (a sixth of a
    // compile's fixed cost on 16 cores); a command line that names one command needs only that one
    Supplier<Object> named = args.length > 0 && !args[0].equals("help") ? COMMANDS.get(args[0]) : null;
    if (named != null) {
      cli.addSubcommand(args[0], named.get());
    } else {
      COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("jitguard: " + describe(e));
      if ("1".equals(System.getenv("JITGUARD_DEBUG"))) {
        e.printStackTrace(cmd.getErr());
      }
      cmd.getErr().flush();
      return exitCodeOf(e);
    });
    return cli.execute(args);
  }

  static String describe(Exception e) {
    if (e instanceof ManifestException m) {
      return "the manifest has " + m.problems().size() + " problem" + (m.problems().size() == 1 ? "" : "s")
          + ":\n" + m.getMessage();
    }
    if (e instanceof ConfigException c) {
      return "configuration problem:\n" + c.getMessage();
    }
    if (e instanceof UncheckedIOException io) {
      return io.getMessage() + ": " + io.getCause().getMessage();
    }
    if (e instanceof TargetException || e instanceof NvrtcUnavailableException
        || e instanceof UsageException || e instanceof KernelRuntime.NoWorkingVariantException) {
      return e.getMessage();
    }
    return "internal error: " + e + " (this is a bug in jitguard; JITGUARD_DEBUG=1 prints where)";
  }

  static int exitCodeOf(Exception e) {
    if (e instanceof ManifestException || e instanceof TargetException || e instanceof UsageException
        || e instanceof ConfigException) {
      return ExitCodes.USAGE;
    }
    if (e instanceof KernelRuntime.NoWorkingVariantException) {
      return ExitCodes.FAILURES;  // the kernels' fault, as when `compile` fails
    }
    return ExitCodes.ENVIRONMENT;
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jitguard " + (v == null ? "(development build)" : v)};
    }
  }
}
