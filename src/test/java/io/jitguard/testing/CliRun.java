package io.jitguard.testing;

import io.jitguard.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One command line run in-process: exit code, standard output, standard error. */
public record CliRun(int code, String out, String err) {
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
