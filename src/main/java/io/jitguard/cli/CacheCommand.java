package io.jitguard.cli;

import io.jitguard.cache.CacheStats;
import io.jitguard.cache.KernelCache;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jitguard cache}: where the kernel cache is, what it holds and how the last runs used it; prune and clear. */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Show the kernel cache (folder, entries, size, the last runs' hits and misses); prune or clear it.",
    subcommands = {CacheCommand.Prune.class, CacheCommand.Clear.class})
final class CacheCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    KernelCache cache = open(spec);
    KernelCache.Usage u = cache.usage();
    out.printf("kernel cache: %s%n", cache.folder());
    out.printf("  %d entr%s, %s of at most %s (%s)%n", u.entries(), u.entries() == 1 ? "y" : "ies", size(u.bytes()),
        size(cache.maxBytes()), KernelCache.MAX_SIZE_ENV);
    List<CacheStats.Run> runs = CacheStats.read(cache.folder());
    if (runs.isEmpty()) {
      out.println("  no runs recorded yet");
    } else {
      out.println("  last runs (newest last):");
      for (CacheStats.Run r : runs) {
        out.printf("    %s  %-8s %4d units: %d from cache, %d compiled%s%s%n", r.finished(), r.command(), r.units(),
            r.hits(), r.misses(), r.uncacheable() > 0 ? ", " + r.uncacheable() + " not cacheable" : "",
            r.corrupt() > 0 ? ", " + r.corrupt() + " corrupt entries replaced" : "");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  static KernelCache open(CommandSpec spec) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return KernelCache.forUser(false, err::println);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code 1.5 MiB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String units = "KMGT";
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length() - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(i));
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Remove the least recently used entries until the cache fits the size.")
  static final class Prune implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--max-size", paramLabel = "SIZE", required = true,
        description = "what may stay: bytes, or a number with K, M, G or T (0 removes every entry)")
    String maxSize;

    @Override
    public Integer call() {
      long limit;
      try {
        limit = KernelCache.parseSize(maxSize, "--max-size");
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      KernelCache cache = open(spec);
      int removed = cache.prune(limit);
      KernelCache.Usage u = cache.usage();
      spec.commandLine().getOut().printf("removed %d entr%s; %d left, %s, in %s%n", removed, removed == 1 ? "y" : "ies",
          u.entries(), size(u.bytes()), cache.folder());
      return ExitCodes.OK;
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove every entry of the kernel cache.")
  static final class Clear implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      KernelCache cache = open(spec);
      int removed = cache.clear();
      spec.commandLine().getOut().printf("removed %d entr%s from %s%n", removed, removed == 1 ? "y" : "ies",
          cache.folder());
      return ExitCodes.OK;
    }
  }
}
