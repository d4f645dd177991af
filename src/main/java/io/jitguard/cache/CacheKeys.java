package io.jitguard.cache;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.jitguard.cpp.pp.IncludeResolver;
import io.jitguard.cpp.pp.PpDiagnostic;
import io.jitguard.cpp.pp.Preprocessor;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.Nvrtc;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.plan.VariantBuild;
import io.jitguard.source.SourceCache;
import io.jitguard.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compile unit's cache key: the SHA-256 of everything that can change its output. That is the
 * cache format, the NVRTC build, the CUDA headers (by kind and version, not where they were
 * installed), the target, the program name, the options (include folders in their order, which is
 * the search order, by their place in the project), the name expressions sorted, and the path
 * within the project and bytes of every file the compile reads: the include closure as jitguard's
 * preprocessor sees it for that target with the build's macros (NVRTC's predefined macros modelled
 * per target). Where the closure cannot be known for sure (an include not found, one that leaves
 * the project, an {@code #error}, a limit reached) the unit has no key: it is compiled and not kept.
 */
public final class CacheKeys {
  /** Bump when the entry format or what a key covers changes: old entries are then never read. */
  public static final int FORMAT = 2;

  /** A key, or why there is none. */
  public record Key(Optional<String> key, String whyNot) {
    static Key of(String key) {
      return new Key(Optional.of(key), "");
    }

    static Key none(String why) {
      return new Key(Optional.empty(), why);
    }
  }

  /** The files a build's compile reads, by absolute path, with their SHA-256; null with the reason when unknown. */
  private record Closure(TreeMap<Path, String> files, String whyNot) {
    List<String> lines() {
      return files == null ? null : files.entrySet().stream().map(e -> "file " + e.getKey() + " " + e.getValue())
          .toList();
    }
  }

  /** Options that change only NVRTC's log, not its output: left out of a source key. */
  static final java.util.Set<String> LOG_ONLY = java.util.Set.of("--display-error-number", "--ptxas-options=-v");

  private final Optional<String> nvrtcIdentity;
  private final Optional<String> jitguardIdentity;
  private final String headers;
  /** The options that name the CUDA headers' folders: in a key by their place in the list, not their path. */
  private final List<String> headerOptions;
  private final Path workingDir;
  private final SourceCache sources;
  private final Map<VariantBuild, Supplier<Closure>> closures = new ConcurrentHashMap<>();
  private final Map<Path, Optional<String>> fileHashes = new ConcurrentHashMap<>();

  /**
   * @param nvrtcIdentity the NVRTC build ({@code nvrtc 13.3 <sha256 of the library>}); empty: nothing has a key
   */
  public CacheKeys(Optional<String> nvrtcIdentity, CudaHeaders headers, Path workingDir) {
    this(nvrtcIdentity, Optional.empty(), headers, workingDir);
  }

  /** @param jitguardIdentity the checker's build (its jar); empty: no check result has a key */
  CacheKeys(Optional<String> nvrtcIdentity, Optional<String> jitguardIdentity, CudaHeaders headers, Path workingDir) {
    this.nvrtcIdentity = nvrtcIdentity;
    this.jitguardIdentity = jitguardIdentity;
    this.headers = describe(headers);
    this.headerOptions = headers.includeOptions();
    this.workingDir = workingDir;
    this.sources = new SourceCache(workingDir);
  }

  /** Keys for compiles by this NVRTC (identified through the cache folder's memo) with these headers. */
  public static CacheKeys of(Nvrtc nvrtc, CudaHeaders headers, KernelCache cache, Path workingDir) {
    return new CacheKeys(cache.enabled() ? FileIdentity.nvrtc(nvrtc, cache.folder()) : Optional.empty(),
        cache.enabled() ? FileIdentity.jitguard(cache.folder()) : Optional.empty(), headers, workingDir);
  }

  /**
   * The headers by kind, not by where they were installed (every user cache folder holds its own
   * copy): NVRTC's bundled headers are NVRTC's, covered by its build; a toolkit's are named by the
   * {@code cuda.h} of each folder, which carries its version.
   */
  private static String describe(CudaHeaders h) {
    StringBuilder b = new StringBuilder(h.kind().toString());
    if (h.kind() == CudaHeaders.Kind.TOOLKIT) {
      for (Path d : h.includeDirs()) {
        b.append(' ').append(hashOf(d.resolve("cuda.h")).orElse("-"));
      }
    }
    return b.toString();
  }

  /**
   * @param programName the name NVRTC is given for the source (it reaches {@code __FILE__} and internal symbol names)
   * @param options the options exactly as NVRTC gets them
   */
  public Key keyOf(CompileUnit unit, String programName, List<String> options, List<String> nameExpressions) {
    if (nvrtcIdentity.isEmpty()) {
      return Key.none("the NVRTC build cannot be identified (its library file is unknown)");
    }
    Closure closure = closures.computeIfAbsent(unit.build(), b -> Suppliers.memoize(() -> closure(b))).get();
    if (closure.lines() == null) {
      return Key.none(closure.whyNot());
    }
    Hasher h = Hashing.sha256().newHasher();
    line(h, "jitguard-kernel-cache " + FORMAT);
    line(h, nvrtcIdentity.get());
    line(h, "headers " + headers);
    line(h, "target " + unit.target().name());
    line(h, "program " + programName);
    // the project's folders and files by their place in it, so machines that check it out elsewhere share keys
    Path base = unit.build().manifestRoot().toAbsolutePath().normalize();
    for (String o : options) {
      int header = headerOptions.indexOf(o);
      String c = canonical(o);
      line(h, "option " + (header >= 0 ? "<cuda headers " + header + ">"
          : c.startsWith("-I") ? "-I" + relative(base, Path.of(c.substring(2))) : c));
    }
    nameExpressions.stream().sorted().forEach(n -> line(h, "name " + n));
    closure.files().forEach((p, hash) -> line(h, "file " + relative(base, p) + " " + hash));
    return Key.of(h.hash().toString());
  }

  /**
   * The key of a check of the whole plan: jitguard's build (its jar) and its checks, the work budget,
   * and for each build its variant, target, entry points and include closure. A check is only ever
   * cached clean, so a key lets a run with nothing changed skip the checker.
   *
   * @param checks the ids of the checks that run
   */
  public Key checkKey(BuildPlan plan, List<String> checks, String budget) {
    if (jitguardIdentity.isEmpty()) {
      return Key.none("jitguard runs from a folder of classes, not a jar: its build cannot be identified");
    }
    Hasher h = Hashing.sha256().newHasher();
    line(h, "jitguard-check-cache " + FORMAT);
    line(h, jitguardIdentity.get());
    line(h, "checks " + String.join(",", checks));
    line(h, "budget " + budget);
    for (VariantBuild b : plan.builds()) {
      Closure closure = closures.computeIfAbsent(b, x -> Suppliers.memoize(() -> closure(x))).get();
      if (closure.lines() == null) {
        return Key.none(closure.whyNot());
      }
      line(h, "build " + b.key() + " " + b.target().name() + " " + b.source().toAbsolutePath().normalize());
      b.includeDirs().forEach(d -> line(h, "include " + d.toAbsolutePath().normalize()));
      b.defines().forEach((k, v) -> line(h, "define " + k + "=" + v));
      for (CompileUnit u : b.units()) {
        line(h, "unit " + u.instantiation().label() + " " + u.nameExpressions().values());
      }
      closure.lines().forEach(l -> line(h, l));
    }
    return Key.of(h.hash().toString());
  }

  /**
   * What a prebuilt CUBIN must match to be loaded instead of compiling: the same sources and
   * options, whatever NVRTC and headers compiled it and wherever the project lay. The target, the
   * options (leaving out the CUDA headers' include folders and options that only change the log;
   * include folders relative to {@code root}), the sorted name expressions, and each file of the
   * closure by its path relative to {@code root} (absolute outside it) and its bytes.
   *
   * @param headerOptions the options that name the CUDA headers (left out)
   * @param root the manifest's folder
   */
  public Key sourceKeyOf(CompileUnit unit, List<String> options, List<String> headerOptions,
      List<String> nameExpressions, Path root) {
    Closure closure = closures.computeIfAbsent(unit.build(), b -> Suppliers.memoize(() -> closure(b))).get();
    if (closure.files() == null) {
      return Key.none(closure.whyNot());
    }
    Path base = root.toAbsolutePath().normalize();
    Hasher h = Hashing.sha256().newHasher();
    line(h, "jitguard-source-key " + FORMAT);
    line(h, "target " + unit.target().name());
    for (String o : options) {
      if (headerOptions.contains(o) || LOG_ONLY.contains(o)) {
        continue;
      }
      String c = canonical(o);
      line(h, "option " + (c.startsWith("-I") ? "-I" + relative(base, Path.of(c.substring(2))) : c));
    }
    nameExpressions.stream().sorted().forEach(n -> line(h, "name " + n));
    closure.files().forEach((p, hash) -> line(h, "file " + relative(base, p) + " " + hash));
    return Key.of(h.hash().toString());
  }

  private static String relative(Path base, Path p) {
    return p.startsWith(base) ? base.relativize(p).toString() : p.toString();
  }

  private static void line(Hasher h, String text) {
    h.putString(text, StandardCharsets.UTF_8).putByte((byte) '\n');
  }

  /** {@code -Idir} with the folder absolute; every other option as written. */
  private String canonical(String option) {
    if (option.startsWith("-I") && option.length() > 2) {
      return "-I" + workingDir.resolve(option.substring(2)).toAbsolutePath().normalize();
    }
    return option;
  }

  private Closure closure(VariantBuild b) {
    Preprocessor.Result pp = new Preprocessor(Preprocessor.Config.of(b.includeDirs(), b.defines(), b.target())
        .withProjectRoot(IncludeResolver.projectOf(b.source(), workingDir)), sources).run(b.source());
    if (pp.cutShort()) {
      return new Closure(null, "the preprocessor stopped at a limit, so the files it reads are not all known");
    }
    if (!pp.unresolvedIncludes().isEmpty()) {
      return new Closure(null, "no include folder holds '" + pp.unresolvedIncludes().get(0) + "'");
    }
    for (PpDiagnostic d : pp.diagnostics()) {
      if (d.kind() == PpDiagnostic.Kind.ERROR || d.limit()) {
        return new Closure(null, d.location() + ": " + d.message());
      }
    }
    TreeMap<Path, String> files = new TreeMap<>();
    for (SourceFile f : pp.files()) {
      Path p = f.path().toAbsolutePath().normalize();
      Optional<String> hash = fileHashes.computeIfAbsent(p, CacheKeys::hashOf);
      if (hash.isEmpty()) {
        return new Closure(null, "cannot read " + p);
      }
      files.put(p, hash.get());
    }
    return new Closure(files, "");
  }

  private static Optional<String> hashOf(Path p) {
    try {
      return Optional.of(Hashing.sha256().hashBytes(Files.readAllBytes(p)).toString());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
