package io.jitguard.matrix;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hashing;
import io.jitguard.cache.CacheEntry;
import io.jitguard.cache.CacheKeys;
import io.jitguard.cache.CacheStats;
import io.jitguard.cache.KernelCache;
import io.jitguard.check.CheckPlan;
import io.jitguard.check.CheckRegistry;
import io.jitguard.cpp.Budget;
import io.jitguard.check.Checker;
import io.jitguard.cpp.sema.KernelSignature;
import io.jitguard.nvrtc.CubinParameters;
import io.jitguard.manifest.KernelFamily;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.manifest.Variant;
import io.jitguard.nvrtc.CompilerDiagnostic;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.plan.SlotPlan;
import io.jitguard.plan.UnitKey;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.Nvrtc;
import io.jitguard.nvrtc.Toolchain;
import io.jitguard.nvrtc.NvrtcException;
import io.jitguard.nvrtc.NvrtcLogParser;
import io.jitguard.nvrtc.NvrtcOutput;
import io.jitguard.nvrtc.NvrtcProgram;
import io.jitguard.nvrtc.ProgramCompiler;
import io.jitguard.nvrtc.PooledCompiler;
import io.jitguard.nvrtc.Workers;
import io.jitguard.source.SourceCache;
import io.jitguard.targets.SupportedTargets;
import io.jitguard.targets.Target;
import io.jitguard.targets.TargetException;
import io.jitguard.trace.PhaseTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Expands families x variants x instantiations x targets, compiles every variant wherever it
 * claims support (in parallel), and picks for each slot the most preferred variant that compiled.
 * A preferred variant that failed is reported as a fallback with its first error: the H100
 * lesson, where the preferred path was the one nobody had compiled.
 */
public final class MatrixCompiler {
  /** Makes EDG print the number of every warning and note, so they can be grouped and suppressed. */
  static final String DISPLAY_NUMBERS = "--display-error-number";
  /** NVRTC_ERROR_CANCELLED: the flow callback stopped a compile over its time limit. */
  static final int CANCELLED = 16;
  /** How the reason of a unit the static checks proved broken begins. */
  public static final String SKIPPED = "skipped, jitguard check: ";

  private final Nvrtc nvrtc;
  private final CudaHeaders headers;
  private final Path workingDir;
  private final KernelCache cache;
  /** The compiler given; null: this process's NVRTC or a pool of workers, as {@link #workers} says, per run. */
  private final ProgramCompiler compiler;
  private final Workers workers;
  private final java.util.concurrent.atomic.AtomicBoolean firstCompile = new java.util.concurrent.atomic.AtomicBoolean();

  /** Compiles with this machine's toolchain, through the kernel cache, in worker processes where more than one job runs. */
  public MatrixCompiler(Toolchain toolchain, KernelCache cache) {
    this(toolchain, cache, Workers.AUTO);
  }

  /** Compiles with this machine's toolchain, through the kernel cache, in or out of process as {@code workers} says. */
  public MatrixCompiler(Toolchain toolchain, KernelCache cache, Workers workers) {
    this(toolchain.nvrtc(), toolchain.headers(), cache, null, workers);
  }

  /** Without a cache: every unit compiled, in this process. */
  public MatrixCompiler(Nvrtc nvrtc, CudaHeaders headers) {
    this(nvrtc, headers, KernelCache.disabled());
  }

  /** In this process. */
  public MatrixCompiler(Nvrtc nvrtc, CudaHeaders headers, KernelCache cache) {
    this(nvrtc, headers, cache, nvrtc, Workers.OFF);
  }

  /** Compiling through {@code compiler}: this process's NVRTC, or a pool of worker processes. */
  public MatrixCompiler(Nvrtc nvrtc, CudaHeaders headers, KernelCache cache, ProgramCompiler compiler) {
    this(nvrtc, headers, cache, compiler, Workers.OFF);
  }

  private MatrixCompiler(Nvrtc nvrtc, CudaHeaders headers, KernelCache cache, ProgramCompiler compiler,
      Workers workers) {
    this.nvrtc = nvrtc;
    this.headers = headers;
    this.workingDir = Path.of("").toAbsolutePath();
    this.cache = cache;
    this.compiler = compiler;
    this.workers = workers;
  }

  /**
   * @throws io.jitguard.manifest.ManifestException for a manifest that cannot be used
   * @throws TargetException for a target NVRTC cannot compile for, or an unknown family
   * @throws UncheckedIOException when the output folder cannot be written
   */
  public MatrixResult run(CompileRequest request, ProgressListener progress) {
    if (compiler != null) {
      return run(request, progress, compiler);
    }
    LazyPool pool = new LazyPool(() -> workers.pool(request.jobs(), nvrtc, warmUpOptions(request)), nvrtc);
    try {
      return run(request, progress, pool);
    } finally {
      pool.close();
    }
  }

  /**
   * The worker processes, started at the first unit the cache does not answer: a run the cache
   * answers whole starts none (each compile server worker compiles a warm-up program as it starts,
   * CPU a warm run on 2 cores would otherwise share with its own work). In a cold run the first
   * miss is the first unit, so they start as soon as the matrix is planned.
   */
  private static final class LazyPool implements ProgramCompiler {
    private final java.util.function.Supplier<Optional<PooledCompiler>> start;
    private final ProgramCompiler inProcess;
    private Optional<PooledCompiler> started;
    private ProgramCompiler compiler;

    LazyPool(java.util.function.Supplier<Optional<PooledCompiler>> start, ProgramCompiler inProcess) {
      this.start = start;
      this.inProcess = inProcess;
    }

    private synchronized ProgramCompiler compiler() {
      if (compiler == null) {
        started = start.get();
        compiler = started.<ProgramCompiler>map(p -> p).orElse(inProcess);
      }
      return compiler;
    }

    @Override
    public NvrtcOutput compile(NvrtcProgram program) {
      return compiler().compile(program);
    }

    synchronized void close() {
      if (started != null && started.isPresent()) {
        started.get().close();
        PhaseTrace.mark("worker processes ended");
      }
    }
  }

  /**
   * The compile server's set-up compile: a small program over the CUDA headers the units read, for a
   * target every supported NVRTC compiles (each worker pays NVRTC's set-up on it, before its first unit).
   */
  private List<String> warmUpOptions(CompileRequest request) {
    List<String> options = new ArrayList<>(List.of("-arch=sm_80", "-std=c++17"));
    options.addAll(headers.includeOptions());
    return options;
  }

  private MatrixResult run(CompileRequest request, ProgressListener progress, ProgramCompiler compiler) {
    long start = System.nanoTime();
    firstCompile.set(false);
    Manifest manifest = ManifestReader.read(request.manifest());
    SupportedTargets supported = nvrtc.supportedTargets();
    ImmutableList<Target> targets;
    if (request.targets().isEmpty()) {
      manifest.defaultTargets().forEach(supported::require);
      targets = manifest.defaultTargets();
    } else {
      targets = supported.resolveAll(request.targets());
    }
    List<KernelFamily> families;
    try {
      families = manifest.families(request.families());
    } catch (IllegalArgumentException e) {
      throw new TargetException(e.getMessage());
    }
    BuildPlan plan = BuildPlan.of(manifest, families, targets);
    if (Files.exists(request.outDir()) && !Files.isDirectory(request.outDir())) {
      throw new UncheckedIOException("cannot use output folder " + request.outDir(),
          new IOException("a file of that name exists; choose another with --out"));
    }
    try {
      Files.createDirectories(request.outDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + request.outDir(), e);
    }
    PhaseTrace.mark("plan of " + plan.units().size() + " units built");
    CacheKeys keys = CacheKeys.of(nvrtc, headers, cache, workingDir);
    Optional<Checker.Result> check = request.check() ? Optional.of(check(plan, keys)) : Optional.empty();
    check.ifPresent(c -> PhaseTrace.mark("checked"));
    Optional<Checker.Result> checked = check;
    Map<String, Long> recorded = request.shard().isPresent() ? recordedTimes(plan) : Map.of();
    List<CompileUnit> units = request.shard().map(s -> s.of(plan.units(), recorded)).orElse(plan.units());
    List<UnitResult> results = compileAll(units, request, progress,
        u -> checked.flatMap(c -> c.firstError(u.key())), keys, compiler);
    PhaseTrace.mark(units.size() + " units compiled");
    if (check.isPresent()) {
      results = withSignatures(results, check.get());
    }
    if (request.shard().isEmpty()) {
      recordTimes(plan, results);
    }
    cache.flush(); // the uploads to a shared cache server, before the run reports
    cache.enforceCap();
    CacheSummary cacheSummary = CacheSummary.of(cache, results);
    CacheStats.record(cache, new CacheStats.Run(java.time.Instant.now().toString(), "compile", results.size(),
        cacheSummary.fromCache(), cacheSummary.compiled(), cacheSummary.notCacheable(), cache.counts().corrupt()));
    // a shard compiles part of each slot's candidates: which variant fills a slot is the assembling run's to say
    ImmutableList<SlotOutcome> slots = request.shard().isPresent() ? ImmutableList.of() : selectVariants(plan, results);
    ImmutableList<DiagnosticGroup> groups = DiagnosticGrouping.group(results, headers);
    MatrixResult result = new MatrixResult(manifest, nvrtc.version(), headers, targets, request.jobs(),
        request.strict(), request.outDir(), ImmutableList.copyOf(results), slots, groups, (System.nanoTime() - start) / 1_000_000, check,
        cacheSummary, request.shard(), plan.units().size(), !recorded.isEmpty());
    IndexWriter.write(result);
    PhaseTrace.mark("index written");
    return result;
  }

  /**
   * The units in the order to start them: longest first by the compile times the last run into the
   * same output folder recorded (its index.json), so that the slow ones do not trail at the end of a
   * parallel run; a unit with no recorded time goes first, the rest keep the plan's order among equals.
   */
  static List<CompileUnit> longestFirst(List<CompileUnit> units, Map<String, Long> previous) {
    if (previous.isEmpty()) {
      return units;
    }
    List<CompileUnit> order = new ArrayList<>(units);
    order.sort(java.util.Comparator.comparingLong((CompileUnit u) -> -previous.getOrDefault(u.name(), Long.MAX_VALUE)));
    return order;
  }

  /** Each unit's compile time as the index.json in {@code outDir} recorded it; empty when there is none. */
  static Map<String, Long> previousTimes(Path outDir) {
    Path index = outDir.resolve(IndexWriter.FILE_NAME);
    if (!Files.isRegularFile(index)) {
      return Map.of();
    }
    try {
      Map<String, Long> out = new HashMap<>();
      for (com.fasterxml.jackson.databind.JsonNode u : new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(index.toFile()).path("units")) {
        if (u.path("name").isTextual() && u.path("compileMillis").canConvertToLong()) {
          out.put(u.get("name").asText(), u.get("compileMillis").asLong());
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return Map.of(); // not an index this version reads: the plan's order
    }
  }

  private ImmutableList<UnitResult> compileAll(List<CompileUnit> units, CompileRequest request,
      ProgressListener progress, java.util.function.Function<CompileUnit, Optional<String>> broken, CacheKeys keys,
      ProgramCompiler compiler) {
    Map<Path, String> sources = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(request.jobs(), r -> {
      Thread t = new Thread(r, "jitguard-nvrtc");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<CompileUnit, Future<UnitResult>> futures = new HashMap<>();
      for (CompileUnit unit : longestFirst(units, previousTimes(request.outDir()))) {
        futures.put(unit, pool.submit(() -> {
          Optional<String> proof = broken.apply(unit);
          UnitResult r = proof.isPresent()
              ? UnitResult.failed(unit, SKIPPED + proof.get(), ImmutableList.of(), ImmutableList.of(), 0)
              : compileOne(unit, request, sources, keys, compiler);
          int f = r.ok() ? failed.get() : failed.incrementAndGet();
          synchronized (progress) {
            progress.unitDone(done.incrementAndGet(), units.size(), f, r);
          }
          return r;
        }));
      }
      ImmutableList.Builder<UnitResult> out = ImmutableList.builder();
      for (CompileUnit unit : units) { // the results in the plan's order, whatever order they were compiled in
        out.add(futures.get(unit).get());
      }
      return out.build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private UnitResult compileOne(CompileUnit unit, CompileRequest request, Map<Path, String> sources, CacheKeys keys,
      ProgramCompiler compiler) {
    Variant variant = unit.variant();
    List<String> options = unit.build().nvrtcOptions(List.of(DISPLAY_NUMBERS), headers.includeOptions(), this::display);
    List<String> names = unit.nameExpressions().values().asList();
    String source;
    try {
      source = sources.computeIfAbsent(variant.source(), p -> {
        try {
          return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      // a source that vanished or became unreadable fails its units; the rest of the matrix goes on
      String why = e.getCause() instanceof java.nio.charset.CharacterCodingException
          ? "not valid UTF-8 (NVRTC takes UTF-8 text; re-save the file as UTF-8)" : e.getCause().toString();
      return UnitResult.failed(unit, display(variant.source()) + ": cannot read source: " + why, ImmutableList.of(),
          ImmutableList.copyOf(options), 0);
    }
    String programName = display(variant.source());
    CacheKeys.Key key = keys.keyOf(unit, programName, options, names);
    Optional<String> sourceKey = keys.sourceKeyOf(unit, options, headers.includeOptions(), names,
        unit.build().manifestRoot()).key();
    if (key.key().isPresent()) {
      Optional<CacheEntry> hit = cache.get(key.key().get()).filter(e -> !request.ptx() || e.ptx().isPresent());
      if (hit.isPresent()) {
        CacheEntry e = hit.get();
        NvrtcOutput output = new NvrtcOutput(e.log(), Optional.of(e.cubin()), request.ptx() ? e.ptx() : Optional.empty(),
            e.loweredNames(), 0);
        // the entry's checksum covered the CUBIN: its SHA-256 is the one recorded with it
        return writeArtifacts(unit, request, output, ImmutableList.copyOf(options), e.compileMillis(), true,
            Optional.empty(), Optional.of(e.cubinSha256()), sourceKey);
      }
    }
    NvrtcProgram program = NvrtcProgram.cubin(programName, source, options, names).withPtx(request.ptx())
        .withTimeout(request.timeoutMillis());
    long start = System.nanoTime();
    if (!firstCompile.getAndSet(true)) {
      PhaseTrace.mark("first unit sent to NVRTC");
    }
    try {
      NvrtcOutput output = compiler.compile(program);
      long millis = (System.nanoTime() - start) / 1_000_000;
      key.key().ifPresent(k -> cache.put(k, CacheEntry.of(output.cubin().orElseThrow(), output.ptx(),
          output.loweredNames(), output.log(), millis)));
      return writeArtifacts(unit, request, output, ImmutableList.copyOf(options), millis, false,
          key.key().isPresent() || !cache.enabled() ? Optional.empty() : Optional.of(key.whyNot()), Optional.empty(),
          sourceKey);
    } catch (NvrtcException e) {
      long millis = (System.nanoTime() - start) / 1_000_000;
      ImmutableList<CompilerDiagnostic> diags = NvrtcLogParser.parse(e.log());
      String reason = e.status() == CANCELLED ? "compile cancelled after " + millis + " ms: over the time limit of "
          + request.timeoutMillis() + " ms (--timeout)" : diags.stream().filter(d -> d.severity().isError()).findFirst()
          .map(CompilerDiagnostic::headline)
          .orElse(e.call() + ": " + e.statusName());
      return UnitResult.failed(unit, reason, diags, ImmutableList.copyOf(options), millis);
    }
  }

  private UnitResult writeArtifacts(CompileUnit unit, CompileRequest request, NvrtcOutput output,
      ImmutableList<String> options, long millis, boolean fromCache, Optional<String> notCacheable,
      Optional<String> sha256, Optional<String> sourceKey) {
    Path rel = Path.of(unit.family().name(), unit.variant().name(), unit.target().name());
    Path dir = request.outDir().resolve(rel);
    byte[] cubin = output.cubin().orElseThrow();
    String cubinSha256 = sha256.orElseGet(() -> Hashing.sha256().hashBytes(cubin).toString());
    String stem = unit.fileStem();
    Optional<String> ptxPath = Optional.empty();
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(stem + ".cubin"), cubin);
      if (output.ptx().isPresent()) {
        Files.writeString(dir.resolve(stem + ".ptx"), output.ptx().get(), StandardCharsets.UTF_8);
        ptxPath = Optional.of(rel.resolve(stem + ".ptx").toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir, e);
    }
    return new UnitResult(unit, true, Optional.empty(), NvrtcLogParser.parse(output.log()), options,
        output.loweredNames(), Optional.of(rel.resolve(stem + ".cubin").toString()), cubin.length,
        Optional.of(cubinSha256), ptxPath, millis, fromCache, notCacheable, sourceKey, ImmutableMap.of(),
        ImmutableMap.of(), placements(cubin));
  }

  /**
   * Each compiled unit with its entry points' signatures from the check, each confirmed by the
   * parameters its CUBIN declares (offsets and sizes); one they disagree on is left out and named.
   */
  static List<UnitResult> withSignatures(List<UnitResult> results, Checker.Result check) {
    List<UnitResult> out = new ArrayList<>();
    for (UnitResult r : results) {
      Map<String, KernelSignature> found = check.signatures().getOrDefault(r.unit().key(), ImmutableMap.of());
      if (!r.ok() || found.isEmpty()) {
        out.add(r);
        continue;
      }
      ImmutableMap.Builder<String, KernelSignature> confirmed = ImmutableMap.builder();
      ImmutableMap.Builder<String, String> problems = ImmutableMap.builder();
      for (Map.Entry<String, KernelSignature> e : found.entrySet()) {
        String lowered = r.loweredNames().get(e.getKey());
        ImmutableList<KernelSignature.Placement> placements = lowered == null ? null : r.placements().get(lowered);
        if (placements == null) {
          problems.put(e.getKey(), "the CUBIN declares no parameters for '" + lowered + "'");
          continue;
        }
        Optional<String> disagreement = e.getValue().disagreement(placements);
        if (disagreement.isPresent()) {
          problems.put(e.getKey(), disagreement.get());
        } else {
          confirmed.put(e.getKey(), e.getValue());
        }
      }
      out.add(r.withSignatures(confirmed.buildKeepingLast(), problems.buildKeepingLast()));
    }
    return out;
  }

  /** Each kernel's parameters (offset, size) as the CUBIN declares them, by lowered name. */
  private static ImmutableMap<String, ImmutableList<KernelSignature.Placement>> placements(byte[] cubin) {
    ImmutableMap.Builder<String, ImmutableList<KernelSignature.Placement>> out = ImmutableMap.builder();
    CubinParameters.read(cubin).ifPresent(m -> m.forEach((kernel, params) -> out.put(kernel, params.stream()
        .map(p -> new KernelSignature.Placement(p.offset(), p.size())).collect(ImmutableList.toImmutableList()))));
    return out.buildKeepingLast();
  }

  /** The server's document of a plan's compile times: named by the plan's units, so every shard reads the same. */
  static String timesDocument(BuildPlan plan) {
    String names = String.join("\n", plan.units().stream().map(CompileUnit::name).sorted().toList());
    return "times-" + Hashing.sha256().hashString(names, StandardCharsets.UTF_8);
  }

  /** Each unit's compile time as a whole run recorded it on the cache server; empty when there is none. */
  private Map<String, Long> recordedTimes(BuildPlan plan) {
    Optional<byte[]> doc = cache.remote().flatMap(r -> r.getDocument(timesDocument(plan)));
    if (doc.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, Long> out = new java.util.HashMap<>();
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(doc.get()).fields()
          .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
      return out;
    } catch (IOException e) {
      return Map.of(); // not a times document: shares by count
    }
  }

  /** After a whole run: each unit's compile time (a cached one's as recorded when it was compiled), for shards. */
  private void recordTimes(BuildPlan plan, List<UnitResult> results) {
    if (cache.remote().isEmpty() || cache.remote().get().config().readOnly() || results.size() != plan.units().size()) {
      return;
    }
    Map<String, Long> times = new java.util.TreeMap<>();
    results.forEach(r -> times.put(r.unit().name(), Math.max(1, r.millis())));
    try {
      cache.remote().get().putDocument(timesDocument(plan),
          new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(times));
    } catch (IOException e) {
      // the shards share by count
    }
  }

  /**
   * The static checks of the plan; skipped when the cache holds a clean check of the same inputs
   * (jitguard's build, its checks and budget, every build's closure), and recorded when clean.
   */
  private Checker.Result check(BuildPlan plan, CacheKeys keys) {
    Budget budget = Budget.fromSystemProperties();
    List<String> ids = CheckRegistry.ALL.stream().map(c -> c.info().id()).toList();
    Optional<String> key = cache.enabled() ? keys.checkKey(plan, ids, budget.toString()).key() : Optional.empty();
    Optional<KernelCache.CleanCheck> clean = key.flatMap(cache::cleanCheck).filter(c -> c.signatures() != null);
    if (clean.isPresent()) {
      KernelCache.CleanCheck c = clean.get();
      Optional<ImmutableMap<UnitKey, ImmutableMap<String, KernelSignature>>> signatures = readSignatures(plan,
          c.signatures());
      if (signatures.isPresent()) {
        return new Checker.Result(ImmutableList.of(), ImmutableList.of(), ImmutableList.of(), c.units(),
            c.distinctParses(), c.files(), c.lines(), 0, signatures.get());
      }
    }
    Checker.Result r = new Checker(new SourceCache(workingDir), Map.of()).withBudget(budget).run(CheckPlan.forPlan(plan));
    if (key.isPresent() && r.findings().isEmpty() && r.frontEnd().isEmpty() && r.undecided().isEmpty()) {
      cache.putCleanCheck(key.get(), new KernelCache.CleanCheck(r.units(), r.distinctParses(), r.files(), r.lines(),
          writeSignatures(r)));
    }
    return r;
  }

  private static String writeSignatures(Checker.Result r) {
    Map<String, Object> byUnit = new java.util.TreeMap<>();
    r.signatures().forEach((unit, sigs) -> byUnit.put(unit.toString(), io.jitguard.json.SignatureJson.write(sigs)));
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(byUnit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The signatures a clean check recorded, for the plan's units; empty when they are not all readable. */
  private static Optional<ImmutableMap<UnitKey, ImmutableMap<String, KernelSignature>>> readSignatures(BuildPlan plan,
      String json) {
    try {
      com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      ImmutableMap.Builder<UnitKey, ImmutableMap<String, KernelSignature>> out = ImmutableMap.builder();
      for (CompileUnit u : plan.units()) {
        if (root.has(u.key().toString())) {
          out.put(u.key(), io.jitguard.json.SignatureJson.read(root.get(u.key().toString())));
        }
      }
      return Optional.of(out.build());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** For each slot of the plan, in fallback order: the first variant that compiled. */
  static ImmutableList<SlotOutcome> selectVariants(BuildPlan plan, List<UnitResult> results) {
    Map<UnitKey, UnitResult> byUnit = new HashMap<>();
    results.forEach(r -> byUnit.put(r.unit().key(), r));
    ImmutableList.Builder<SlotOutcome> out = ImmutableList.builder();
    for (SlotPlan slot : plan.slots()) {
      Optional<String> selected = Optional.empty();
      ImmutableList.Builder<SlotOutcome.Fallback> fallbacks = ImmutableList.builder();
      for (CompileUnit candidate : slot.candidates()) {
        UnitResult r = byUnit.get(candidate.key());
        if (r == null) {
          continue;
        }
        if (r.ok()) {
          selected = Optional.of(candidate.variant().name());
          break;
        }
        fallbacks.add(new SlotOutcome.Fallback(candidate.variant().name(), r.failure().orElse("failed")));
      }
      out.add(new SlotOutcome(slot.slot(), selected, fallbacks.build()));
    }
    return out.build();
  }

  /** A path as the user would write it: relative to the working folder when inside it. */
  private String display(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(workingDir) && !abs.equals(workingDir) ? workingDir.relativize(abs).toString() : abs.toString();
  }
}
