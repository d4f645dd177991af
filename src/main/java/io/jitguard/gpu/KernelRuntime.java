package io.jitguard.gpu;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cache.CacheEntry;
import io.jitguard.cache.CacheKeys;
import io.jitguard.cache.KernelCache;
import io.jitguard.cpp.sema.KernelSignature;
import io.jitguard.manifest.Instantiation;
import io.jitguard.manifest.KernelFamily;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.Variant;
import io.jitguard.nvrtc.CubinParameters;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.Nvrtc;
import io.jitguard.nvrtc.NvrtcException;
import io.jitguard.nvrtc.NvrtcLogParser;
import io.jitguard.nvrtc.NvrtcOutput;
import io.jitguard.nvrtc.NvrtcProgram;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.plan.VariantBuild;
import io.jitguard.targets.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs manifest kernels on this machine's GPU: picks the most preferred variant that supports
 * the device, compiles it with NVRTC for the device's exact architecture, loads it, and falls
 * back to the next variant (saying why, once) when compiling or loading fails. A variant can be
 * forced per family. {@link #prepare} does all of that ahead of time; a launch that would need it
 * while its stream is capturing a CUDA graph is refused.
 */
public final class KernelRuntime {
  /**
   * What a typed launch of a prepared module checks against ({@link LaunchSignatures}): the unit it
   * was compiled from, the lowered name of each entry point, the signatures its prebuilt index
   * recorded (empty: the front end works them out), and the parameters its CUBIN declares (empty
   * where the CUBIN has no such records).
   */
  public record LaunchFacts(CompileUnit unit, ImmutableMap<String, String> loweredNames,
      ImmutableMap<String, KernelSignature> signatures,
      Optional<ImmutableMap<String, ImmutableList<CubinParameters.Param>>> compiledParams) {}

  /**
   * A family's instantiation, compiled and loaded: which variant, and its kernels by entry template.
   *
   * @param origin where the CUBIN came from: a prebuilt file (its path), the kernel cache, or NVRTC
   * @param millis how long getting and loading it took
   * @param launchFacts what a typed launch of it checks against
   */
  public record Prepared(String family, String instantiation, String variant, Target target,
      CudaDriver.Module module, ImmutableMap<String, CudaDriver.Function> kernels, String compileLog, String origin,
      long millis, LaunchFacts launchFacts) {

    /**
     * The entry template a kernel name stands for: the template itself, or the kernel's own name
     * ({@code decode_kernel} for {@code jitguard::mla::portable::decode_kernel<{DTypeQ}, ...>}).
     */
    public String entryTemplate(String kernel) {
      if (kernels.containsKey(kernel)) {
        return kernel;
      }
      List<String> matches = kernels.keySet().stream().filter(t -> t.contains("::" + kernel + "<")
          || t.startsWith(kernel + "<")).toList();
      if (matches.size() != 1) {
        throw new IllegalArgumentException("no entry point '" + kernel + "' in " + family + "/" + variant + " (has "
            + kernels.keySet() + ")");
      }
      return matches.get(0);
    }

    /** ptxas's resource lines (registers, spills, shared memory) from the compile log. */
    public java.util.List<String> resourceUsage() {
      return compileLog.lines().filter(l -> l.contains("ptxas info") || l.contains("bytes stack frame"))
          .map(String::strip).toList();
    }

    public CudaDriver.Function kernel(String entryTemplate) {
      CudaDriver.Function f = kernels.get(entryTemplate);
      if (f == null) {
        throw new IllegalArgumentException("no entry point '" + entryTemplate + "' in " + family + "/" + variant
            + " (has " + kernels.keySet() + ")");
      }
      return f;
    }
  }

  /** A launch refused because it would compile while a CUDA graph is being captured. */
  public static final class CaptureWithoutPrepareException extends IllegalStateException {
    CaptureWithoutPrepareException(String what) {
      super("refusing to compile " + what + " while the stream is capturing a CUDA graph: JIT compilation "
          + "during capture is what broke the H100 start-up; call prepare(...) for every kernel before capturing");
    }
  }

  /**
   * No variant of a family compiles and loads for an instantiation on this device: each candidate's reason
   * (the compiler's first error, with its file and line, or the driver's) is in the message.
   */
  public static final class NoWorkingVariantException extends IllegalStateException {
    public NoWorkingVariantException(String message) {
      super(message);
    }
  }

  private final Manifest manifest;
  private final Nvrtc nvrtc;
  private final CudaHeaders headers;
  private final CudaDriver driver;
  private final Map<String, String> forced;
  private final Consumer<String> log;
  /** A family's instantiation, by its label: what is prepared once and reported once. */
  private record InstanceKey(String family, String instantiation) {
    @Override
    public String toString() {
      return family + "[" + instantiation + "]";
    }
  }

  private final Map<InstanceKey, Prepared> prepared = new LinkedHashMap<>();
  private final LaunchSignatures signatures = new LaunchSignatures();
  private final Set<InstanceKey> reported = new HashSet<>();
  private BuildPlan plan;
  private final KernelCache cache;
  private final Optional<PrebuiltKernels> prebuilt;
  private CacheKeys keys;

  /**
   * @param forced family name to variant name, for families whose variant the caller chooses
   * @param log where fallbacks are reported (once each)
   */
  public KernelRuntime(Manifest manifest, Nvrtc nvrtc, CudaHeaders headers, CudaDriver driver,
      Map<String, String> forced, Consumer<String> log) {
    this(manifest, nvrtc, headers, driver, forced, log, KernelCache.disabled(), Optional.empty());
  }

  /**
   * Looking for each kernel first among {@code prebuilt} CUBINs (the device's exact target and the same
   * sources and options), then in the kernel cache, and compiling with NVRTC (into the cache) last.
   */
  public KernelRuntime(Manifest manifest, Nvrtc nvrtc, CudaHeaders headers, CudaDriver driver,
      Map<String, String> forced, Consumer<String> log, KernelCache cache, Optional<PrebuiltKernels> prebuilt) {
    this.cache = cache;
    this.prebuilt = prebuilt;
    this.manifest = manifest;
    this.nvrtc = nvrtc;
    this.headers = headers;
    this.driver = driver;
    this.forced = Map.copyOf(forced);
    this.log = log;
    for (Map.Entry<String, String> f : forced.entrySet()) {
      KernelFamily fam = family(f.getKey());
      if (fam.variants().stream().noneMatch(v -> v.name().equals(f.getValue()))) {
        throw new IllegalArgumentException("family '" + f.getKey() + "' has no variant '" + f.getValue() + "' (has "
            + fam.variants().stream().map(Variant::name).toList() + ")");
      }
    }
  }

  public CudaDriver driver() {
    return driver;
  }

  /** The target this device runs: its SM, arch-specific from Hopper on (the code runs only here anyway). */
  public Target deviceTarget() {
    int sm = driver.gpu().sm();
    return new Target(sm, sm >= Target.FIRST_ARCH_SPECIFIC_SM);
  }

  /**
   * The units to try for an instantiation on this device: the build plan's slot for the device's
   * target, in fallback order; only the forced variant, when the caller forced one.
   */
  public List<CompileUnit> candidates(String family, Instantiation inst) {
    KernelFamily fam = family(family);
    Target t = deviceTarget();
    String force = forced.get(family);
    if (force != null) {
      Variant v = fam.variants().stream().filter(x -> x.name().equals(force)).findFirst().orElseThrow();
      return List.of(VariantBuild.of(manifest, fam, v, t, List.of()).unit(inst));
    }
    return plan().slot(fam, inst, t).candidates();
  }

  private synchronized BuildPlan plan() {
    if (plan == null) {
      plan = BuildPlan.forTarget(manifest, deviceTarget());
    }
    return plan;
  }

  /** Compiles and loads an instantiation ahead of time (once; later calls return the same). */
  public synchronized Prepared prepare(String family, Instantiation inst) {
    InstanceKey key = new InstanceKey(family, inst.label());
    Prepared p = prepared.get(key);
    if (p != null) {
      return p;
    }
    List<String> failures = new ArrayList<>();
    for (CompileUnit unit : candidates(family, inst)) {
      Variant v = unit.variant();
      try {
        p = compileAndLoad(unit);
        prepared.put(key, p);
        if (!failures.isEmpty() && reported.add(key)) {
          log.accept("jitguard: " + key + " on " + deviceTarget() + ": " + String.join("; ", failures) + "; using '"
              + v.name() + "'");
        }
        return p;
      } catch (NvrtcException e) {
        failures.add("'" + v.name() + "' did not compile (" + NvrtcLogParser.parse(e.log()).stream()
            .filter(d -> d.severity().isError()).findFirst().map(d -> d.headline()).orElse(e.statusName()) + ")");
      } catch (CudaDriver.CudaDriverException e) {
        failures.add("'" + v.name() + "' did not load (" + e.getMessage() + ")");
      }
    }
    throw new NoWorkingVariantException("no variant of " + key + " works on " + driver.gpu().name() + " ("
        + deviceTarget() + ")" + (failures.isEmpty() ? ": none supports it" : ": " + String.join("; ", failures)));
  }

  /** The prepared kernels of an instantiation, preparing them unless the stream is capturing. */
  public Prepared require(String family, Instantiation inst, CudaDriver.Stream stream) {
    synchronized (this) {
      Prepared p = prepared.get(new InstanceKey(family, inst.label()));
      if (p != null) {
        return p;
      }
    }
    if (stream != null && driver.isCapturing(stream)) {
      throw new CaptureWithoutPrepareException(family + "[" + inst.label() + "]");
    }
    return prepare(family, inst);
  }

  private synchronized CacheKeys keys() {
    if (keys == null) {
      keys = CacheKeys.of(nvrtc, headers, cache, Path.of("").toAbsolutePath());
    }
    return keys;
  }

  /** Every instantiation prepared so far, in order: which variant, from where, in how long. */
  public synchronized List<Prepared> preparedAll() {
    return List.copyOf(prepared.values());
  }

  private Prepared compileAndLoad(CompileUnit unit) {
    long start = System.nanoTime();
    Variant v = unit.variant();
    // ptxas's resource lines (registers, spills, shared memory), for whoever tunes the kernels
    List<String> options = unit.build().nvrtcOptions(List.of("--ptxas-options=-v"), headers.includeOptions(),
        Path::toString);
    Map<String, String> byTemplate = unit.nameExpressions();
    List<String> names = List.copyOf(byTemplate.values());
    if (prebuilt.isPresent()) {
      Optional<PrebuiltKernels.Prebuilt> p = keys().sourceKeyOf(unit, options, headers.includeOptions(), names,
          unit.build().manifestRoot()).key().flatMap(k -> prebuilt.get().find(unit, k));
      if (p.isPresent()) {
        try {
          return load(unit, p.get().cubin(), p.get().loweredNames(), p.get().signatures(), "",
              "prebuilt " + p.get().origin(), start);
        } catch (CudaDriver.CudaDriverException e) {
          log.accept("jitguard: prebuilt " + p.get().origin() + " did not load (" + e.getMessage() + "); compiling");
        }
      }
    }
    CacheKeys.Key key = keys().keyOf(unit, v.source().toString(), options, names);
    Optional<CacheEntry> hit = key.key().flatMap(cache::get);
    if (hit.isPresent()) {
      return load(unit, hit.get().cubin(), hit.get().loweredNames(), ImmutableMap.of(), hit.get().log(),
          "the kernel cache", start);
    }
    String source;
    try {
      source = Files.readString(v.source(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + v.source(), e);
    }
    NvrtcOutput out = nvrtc.compile(NvrtcProgram.cubin(v.source().toString(), source, options, names));
    key.key().ifPresent(k -> cache.put(k, CacheEntry.of(out.cubin().orElseThrow(), Optional.empty(), out.loweredNames(),
        out.log(), out.compileNanos() / 1_000_000)));
    return load(unit, out.cubin().orElseThrow(), out.loweredNames(), ImmutableMap.of(), out.log(), "NVRTC", start);
  }

  private Prepared load(CompileUnit unit, byte[] cubin, Map<String, String> loweredNames,
      ImmutableMap<String, KernelSignature> signatures, String log, String origin, long start) {
    CudaDriver.Module module = driver.load(cubin);
    ImmutableMap.Builder<String, CudaDriver.Function> kernels = ImmutableMap.builder();
    for (Map.Entry<String, String> e : unit.nameExpressions().entrySet()) {
      String lowered = loweredNames.get(e.getValue());
      if (lowered == null) {
        // CUDA_ERROR_NOT_FOUND: the CUBIN from there does not name this entry point
        throw new CudaDriver.CudaDriverException("lowered name of '" + e.getValue() + "' from " + origin, 500);
      }
      kernels.put(e.getKey(), driver.function(module, lowered));
    }
    return new Prepared(unit.family().name(), unit.instantiation().label(), unit.variant().name(), unit.target(),
        module, kernels.build(), log, origin, (System.nanoTime() - start) / 1_000_000,
        new LaunchFacts(unit, ImmutableMap.copyOf(loweredNames), signatures, CubinParameters.read(cubin)));
  }

  private KernelFamily family(String name) {
    return manifest.family(name).orElseThrow(() -> new IllegalArgumentException("no family '" + name + "' in "
        + manifest.file()));
  }

  /**
   * Launches a prepared kernel with arguments checked against its parameters first ({@link LaunchCheck}):
   * their number, scalar types, the element types of buffers and the sizes of classes by value. Nothing
   * reaches the driver when they do not fit.
   *
   * @param kernel the entry template, or the kernel's name ({@code merge_kernel})
   * @throws LaunchCheck.LaunchArgumentException naming the argument, both types and the parameter
   */
  public void launch(Prepared p, String kernel, int[] grid, int[] block, int sharedBytes, CudaDriver.Stream stream,
      List<KernelArg> args) {
    LaunchSignatures.Entry e = signatures.of(p, kernel);
    driver.launch(e.function(), grid, block, sharedBytes, stream, LaunchCheck.check(e.signature(), args));
  }

  /**
   * The parameters of a prepared kernel ({@link LaunchSignatures}): from its prebuilt index, else
   * worked out by the front end, confirmed against its CUBIN.
   *
   * @throws LaunchCheck.LaunchArgumentException when they cannot be known or do not agree with the CUBIN
   */
  public KernelSignature signature(Prepared p, String kernel) {
    return signatures.of(p, kernel).signature();
  }

  /** The instantiation of a family whose axis values are these labels ({@code q=bf16}...). */
  public Instantiation instantiation(String family, Map<String, String> axisValues) {
    KernelFamily fam = family(family);
    for (Instantiation i : fam.instantiations()) {
      boolean match = true;
      for (Map.Entry<String, String> e : axisValues.entrySet()) {
        String type = fam.cxxType(e.getValue());
        if (!type.equals(i.types().get(e.getKey()))) {
          match = false;
        }
      }
      if (match) {
        return i;
      }
    }
    throw new IllegalArgumentException("family '" + family + "' has no instantiation " + axisValues);
  }

  public Optional<Prepared> prepared(String family, Instantiation inst) {
    synchronized (this) {
      return Optional.ofNullable(prepared.get(new InstanceKey(family, inst.label())));
    }
  }
}
