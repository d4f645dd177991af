package io.jitguard.check;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.Budget;
import io.jitguard.cpp.lex.LexedFiles;
import io.jitguard.cpp.model.NvrtcModel;
import io.jitguard.cpp.lex.Lexer;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.lex.TokenKind;
import io.jitguard.cpp.parse.Parser;
import io.jitguard.cpp.pp.PpDiagnostic;
import io.jitguard.cpp.pp.Preprocessor;
import io.jitguard.cpp.sema.Analyzer;
import io.jitguard.cpp.sema.AnalysisEvent;
import io.jitguard.cpp.sema.KernelSignature;
import io.jitguard.cpp.sema.SemaListener;
import io.jitguard.cpp.sema.SymbolTable;
import io.jitguard.cpp.sema.Type;
import io.jitguard.plan.UnitKey;
import io.jitguard.plan.VariantKey;
import io.jitguard.source.SourceCache;
import io.jitguard.source.SourceFile;
import io.jitguard.source.SourceLocation;
import io.jitguard.targets.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the front end and the checks over translation units (a source for a target, with the
 * entry points to instantiate), and folds what they find: one finding per rule and location,
 * however many macro expansions, instantiations or targets reach it.
 *
 * <p>It never stops at a failure of its own: a declaration the parser fails on is skipped, a
 * function the analyzer fails on is left out, a unit that fails is reported; each such failure is
 * an internal note naming the file and line, and the rest of the run goes on.
 */
public final class Checker {
  /**
   * One source checked for one target, with the template instantiations to check it under;
   * {@code projectRoot} is the folder its quoted includes may reach besides the include folders.
   * A unit of a manifest names its variant, the variant it falls back to, and the compile units
   * of the build plan it stands for (each instantiation of the variant on the target).
   */
  public record Unit(Path source, ImmutableList<Path> includeDirs, ImmutableMap<String, String> defines, Target target,
      ImmutableList<EntryPoint> entries, Optional<VariantKey> variant, Optional<VariantKey> fallbackVariant,
      Optional<Path> projectRoot, ImmutableList<UnitKey> compileUnits) {}

  /**
   * A name expression ({@code mla_decode<__nv_bfloat16, float>}), the label findings carry for it,
   * and the compile unit it is the entry point of, in a manifest.
   */
  public record EntryPoint(String nameExpression, String label, Optional<UnitKey> unit) {
    public EntryPoint(String nameExpression, String label) {
      this(nameExpression, label, Optional.empty());
    }
  }

  /** An entry point of a scope: the same expression in another variant is another entry point. */
  private record ScopedEntry(Optional<VariantKey> variant, String nameExpression) {}

  /** A place where a rule would fire on what the checker saw, but the evidence is incomplete. */
  public record Undecided(String rule, SourceLocation location, String message, String reason) {}

  /**
   * What a run found. {@code signatures}: for each compile unit of a manifest, the parameter list of
   * each of its entry points (by name expression), as the front end resolved it.
   */
  public record Result(ImmutableList<Finding> findings, ImmutableList<FrontEndDiagnostic> frontEnd,
      ImmutableList<Undecided> undecided, int units, int distinctParses, int files, long lines, long nanos,
      ImmutableMap<UnitKey, ImmutableMap<String, KernelSignature>> signatures) {
    public Result(ImmutableList<Finding> findings, ImmutableList<FrontEndDiagnostic> frontEnd,
        ImmutableList<Undecided> undecided, int units, int distinctParses, int files, long lines, long nanos) {
      this(findings, frontEnd, undecided, units, distinctParses, files, lines, nanos, ImmutableMap.of());
    }

    /** This result with other findings and front-end diagnostics (the same units, parses and signatures). */
    public Result with(ImmutableList<Finding> newFindings, ImmutableList<FrontEndDiagnostic> newFrontEnd, int newFiles) {
      return new Result(newFindings, newFrontEnd, undecided, units, distinctParses, newFiles, lines, nanos, signatures);
    }

    public long errors() {
      return findings.stream().filter(f -> f.severity() == Severity.ERROR).count()
          + frontEnd.stream().filter(d -> d.severity() == Severity.ERROR).count();
    }

    /** Failures of the checker itself: the run's exit code is 3 when there is one. */
    public long internalErrors() {
      return frontEnd.stream().filter(FrontEndDiagnostic::internal).count();
    }

    public long skipped() {
      return frontEnd.stream().filter(FrontEndDiagnostic::skippedConstruct).count();
    }

    /**
     * The first error the checks found that applies to this compile unit (its headline): a front-end
     * error of its variant and target, else a finding that reaches its instantiation or the whole variant.
     */
    public Optional<String> firstError(UnitKey unit) {
      for (FrontEndDiagnostic d : frontEnd) {
        if (d.severity() == Severity.ERROR && d.units().contains(unit)) {
          return Optional.of(d.headline());
        }
      }
      for (Finding f : findings) {
        if (f.severity() == Severity.ERROR && f.units().contains(unit)) {
          return Optional.of(f.headline());
        }
      }
      return Optional.empty();
    }
  }

  /** The checker's thread stack: every recursion in the front end is bounded well within it. */
  static final long STACK_BYTES = 256L << 20;

  private final SourceCache cache;
  private final ImmutableMap<String, String> bindings;
  private final List<Check> checks;
  private final Budget budget;

  public Checker(SourceCache cache, Map<String, String> bindings) {
    this(cache, bindings, CheckRegistry.ALL);
  }

  public Checker(SourceCache cache, Map<String, String> bindings, List<Check> checks) {
    this(cache, bindings, checks, Budget.fromSystemProperties());
  }

  private Checker(SourceCache cache, Map<String, String> bindings, List<Check> checks, Budget budget) {
    this.cache = cache;
    this.bindings = ImmutableMap.copyOf(bindings);
    this.checks = checks;
    this.budget = budget;
  }

  /** This checker with another budget of work per unit. */
  public Checker withBudget(Budget b) {
    return new Checker(cache, bindings, checks, b);
  }

  private record Parsed(List<Token> tokens, Parser.TranslationUnit unit, SymbolTable table) {}

  /** What one analysis reported, kept to replay for every target that shares the parse. */
  private record Recording(List<AnalysisEvent> events, Set<String> unresolved, List<FrontEndDiagnostic> problems,
      Analyzer analyzer, Map<String, Analyzer.Entry> manifestEntries, Map<List<Object>, Optional<KernelSignature>> signatures) {
    /** An entry point's signature where the target's parameters begin at {@code paramBase} (worked out once). */
    Optional<KernelSignature> signature(String expression, Target target) {
      Analyzer.Entry entry = manifestEntries.get(expression);
      if (entry == null) {
        return Optional.empty();
      }
      return signatures.computeIfAbsent(List.of(expression, NvrtcModel.paramBase(target)),
          k -> Optional.ofNullable(signatureOf(analyzer, entry, expression, target, problems)));
    }
  }

  /** Everything the units of one run accumulate. */
  private final class Run {
    /** Parses by a hash of their token streams; a hit is confirmed token by token, so no collision is shared. */
    final Map<Long, List<Parsed>> parses = new HashMap<>();
    final Map<Parsed, Map<List<List<String>>, Recording>> recordings = new IdentityHashMap<>();
    int distinctParses;
    final Map<String, Acc> findings = new LinkedHashMap<>();
    final Map<String, Undecided> undecided = new LinkedHashMap<>();
    final Map<String, FrontEndDiagnostic> frontEnd = new LinkedHashMap<>();
    final Set<SourceFile> files = new HashSet<>();
    final Map<SourceFile, Map<Check, Finding.Draft>> fileFindings = new HashMap<>();
    // an entry point is an error only if no unit of its scope (a variant, or the files given) defines it
    final Map<ScopedEntry, Unit> unresolved = new LinkedHashMap<>();
    final Set<ScopedEntry> resolved = new HashSet<>();
    final Set<SourceFile> systemFiles = new HashSet<>();
    final LexedFiles lexed = new LexedFiles();
    final Map<UnitKey, Map<String, KernelSignature>> signatures = new LinkedHashMap<>();
  }

  public Result run(List<Unit> units) {
    AtomicReference<Result> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(runHere(units));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "jitguard-check", STACK_BYTES);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking", e);
    }
    if (failure.get() instanceof RuntimeException re) {
      throw re;
    }
    if (failure.get() instanceof Error err) {
      throw err;
    }
    return result.get();
  }

  private Result runHere(List<Unit> units) {
    long start = System.nanoTime();
    Run run = new Run();
    for (Unit u : units) {
      try {
        checkUnit(u, run);
      } catch (RuntimeException | StackOverflowError e) { // a bug in jitguard: report it, check the other units
        SourceFile f = SourceCache.synthetic(u.source().toString(), "");
        FrontEndDiagnostic d = new FrontEndDiagnostic(Severity.NOTE, new SourceLocation(f, 1, 1), "internal error "
            + "while checking " + u.source() + (u.target() == null ? "" : " for " + u.target().name()) + " (" + e
            + "); the other units were checked", FrontEndDiagnostic.Kind.INTERNAL);
        attribute(run.frontEnd.computeIfAbsent(d.location() + d.message(), k -> d), u);
      }
    }
    for (Map.Entry<ScopedEntry, Unit> e : run.unresolved.entrySet()) {
      if (!run.resolved.contains(e.getKey())) {
        Unit u = e.getValue();
        String expression = e.getKey().nameExpression();
        SourceFile f = SourceCache.synthetic(u.source().toString(), "");
        FrontEndDiagnostic d = new FrontEndDiagnostic(Severity.ERROR, new SourceLocation(f, 1, 1), "cannot instantiate '"
            + expression + "': no function template of that name with a body in " + (u.variant().isPresent()
                ? u.source().getFileName() : "the files checked"), FrontEndDiagnostic.Kind.ENTRY);
        attribute(run.frontEnd.computeIfAbsent(d.location() + d.message(), k -> d), u);
      }
    }
    // like compilers, no findings inside the toolkit's own headers
    ImmutableList<Finding> out = run.findings.values().stream().map(Acc::finish)
        .filter(f -> !run.systemFiles.contains(f.location().file()))
        .sorted(Comparator.comparing((Finding f) -> f.location().fileName()).thenComparingInt(f -> f.location().line())
            .thenComparingInt(f -> f.location().column()).thenComparing(Finding::rule))
        .collect(ImmutableList.toImmutableList());
    ImmutableList<Undecided> undecided = run.undecided.values().stream()
        .filter(x -> !run.systemFiles.contains(x.location().file())).collect(ImmutableList.toImmutableList());
    long lines = run.files.stream().mapToLong(SourceFile::lineCount).sum();
    ImmutableMap.Builder<UnitKey, ImmutableMap<String, KernelSignature>> signatures = ImmutableMap.builder();
    run.signatures.forEach((k, v) -> signatures.put(k, ImmutableMap.copyOf(v)));
    return new Result(out, ImmutableList.copyOf(run.frontEnd.values()), undecided, units.size(), run.distinctParses,
        run.files.size(), lines, System.nanoTime() - start, signatures.build());
  }

  /**
   * Where the user can find a token: itself, or, for one that a built-in or command-line macro
   * produced (whose text lives in no file), the invocation in the source.
   */
  static Token userSite(Token t) {
    return t.expansion() != null && t.file().displayName().startsWith("<") ? t.expansion().outermostInvocation() : t;
  }

  private void checkUnit(Unit u, Run run) {
    Preprocessor.Result pp = new Preprocessor(Preprocessor.Config.of(u.includeDirs(), u.defines(), u.target())
        .withProjectRoot(u.projectRoot()).withBudget(budget), cache, run.lexed).run(u.source());
    List<Path> system = systemRoots(u.includeDirs());
    for (PpDiagnostic d : pp.diagnostics()) {
      Severity s = d.kind() == PpDiagnostic.Kind.ERROR ? Severity.ERROR
          : d.kind() == PpDiagnostic.Kind.WARNING ? Severity.WARNING : Severity.NOTE;
      boolean inSystem = inside(d.location(), system);
      String message = inSystem && s != Severity.NOTE ? d.message() + " (inside a CUDA toolkit header: a gap in "
          + "jitguard's model of NVRTC, not a problem in your code)" : d.message();
      FrontEndDiagnostic.Kind kind = d.limit() ? FrontEndDiagnostic.Kind.LIMIT : inSystem
          ? FrontEndDiagnostic.Kind.SKIPPED : FrontEndDiagnostic.Kind.PREPROCESSOR;
      attribute(run.frontEnd.computeIfAbsent(d.location() + d.message(),
          k -> new FrontEndDiagnostic(inSystem ? Severity.NOTE : s, d.location(), message, kind)), u);
    }
    run.systemFiles.addAll(pp.files().stream().filter(f -> inside(f.location(0), system)).toList());
    for (SourceFile f : pp.files()) {
      run.files.add(f);
      // checked once per file; every unit that reads the file adds its target
      for (Map.Entry<Check, Finding.Draft> e : run.fileFindings.computeIfAbsent(f, this::checkFile).entrySet()) {
        add(run, e.getKey(), e.getValue(), null, null, u);
      }
    }
    Parsed parsed = parse(pp.tokens(), run);
    // cut short at a limit (noted above), the unit ends mid-construct: that is not a second problem
    for (Parser.Problem p : parsed.unit().problems()) {
      if (pp.cutShort() && p.at().kind() == TokenKind.EOF) {
        continue;
      }
      run.frontEnd.putIfAbsent(userSite(p.at()).location() + p.message(), p.limit()
          ? new FrontEndDiagnostic(Severity.NOTE, userSite(p.at()).location(), "not fully checked: " + p.message(),
              FrontEndDiagnostic.Kind.LIMIT)
          : new FrontEndDiagnostic(Severity.NOTE, userSite(p.at()).location(),
              "skipped a construct the checker does not understand: " + p.message(), FrontEndDiagnostic.Kind.SKIPPED));
    }
    for (Parser.Problem p : parsed.unit().internalErrors()) {
      run.frontEnd.putIfAbsent(userSite(p.at()).location() + p.message(), new FrontEndDiagnostic(Severity.NOTE,
          userSite(p.at()).location(), "internal error: " + p.message() + "; the declaration was skipped, the rest was checked",
          FrontEndDiagnostic.Kind.INTERNAL));
    }
    Recording rec = run.recordings.computeIfAbsent(parsed, k -> new HashMap<>())
        .computeIfAbsent(analysisKey(u), k -> analyse(parsed, u));
    for (EntryPoint e : u.entries()) {
      ScopedEntry key = new ScopedEntry(u.variant(), e.nameExpression());
      if (rec.unresolved().contains(e.nameExpression())) {
        run.unresolved.putIfAbsent(key, u);
      } else {
        run.resolved.add(key);
      }
      Optional<KernelSignature> sig = e.unit().isPresent() ? rec.signature(e.nameExpression(), u.target())
          : Optional.empty();
      if (sig.isPresent()) {
        run.signatures.computeIfAbsent(e.unit().get(), k -> new LinkedHashMap<>()).put(e.nameExpression(), sig.get());
      }
    }
    rec.problems().forEach(d -> attribute(run.frontEnd.computeIfAbsent(d.location() + d.message(), k -> d), u));
    replay(rec, u, run);
  }

  /** What an analysis depends on besides the parse: the entry points, by expression and label (not by target). */
  private static List<List<String>> analysisKey(Unit u) {
    return u.entries().stream().map(e -> List.of(e.nameExpression(), e.label())).toList();
  }

  /** Include folders that hold CUDA's own headers (a toolkit's include, its cccl, NVRTC's bundled set). */
  static List<Path> systemRoots(List<Path> includeDirs) {
    List<Path> out = new ArrayList<>();
    for (Path d : includeDirs) {
      if (java.nio.file.Files.isRegularFile(d.resolve("cuda_bf16.h"))
          || java.nio.file.Files.isDirectory(d.resolve("cuda/std"))) {
        out.add(d.toAbsolutePath().normalize());
      }
    }
    return out;
  }

  private static boolean inside(SourceLocation at, List<Path> roots) {
    Path p = at.file().path().toAbsolutePath().normalize();
    return roots.stream().anyMatch(p::startsWith);
  }

  private static void attribute(FrontEndDiagnostic d, Unit u) {
    d.units().addAll(u.compileUnits());
  }

  private Map<Check, Finding.Draft> checkFile(SourceFile f) {
    Map<Check, Finding.Draft> out = new LinkedHashMap<>();
    for (Check c : checks) {
      c.file(f).ifPresent(d -> out.put(c, d));
    }
    return out;
  }

  private Recording analyse(Parsed parsed, Unit u) {
    List<AnalysisEvent> events = new ArrayList<>();
    Set<String> unresolved = new HashSet<>();
    List<FrontEndDiagnostic> problems = new ArrayList<>();
    Map<String, Type> global = new HashMap<>();
    Map<Object, Boolean> reported = new IdentityHashMap<>();
    SemaListener recorder = new SemaListener() {
      @Override
      public void event(AnalysisEvent event) {
        events.add(event);
      }

      @Override
      public void internalError(Analyzer.Context context, RuntimeException e) {
        if (reported.put(context.function(), true) == null) {
          problems.add(new FrontEndDiagnostic(Severity.NOTE, userSite(context.function().start()).location(), "internal error: "
              + "could not analyse '" + context.function().name() + "' (" + e + "); the rest was checked",
              FrontEndDiagnostic.Kind.INTERNAL));
        }
      }

      @Override
      public void limit(Analyzer.Context context, String what) {
        problems.add(new FrontEndDiagnostic(Severity.NOTE, userSite(context.function().start()).location(), "not fully checked: "
            + what, FrontEndDiagnostic.Kind.LIMIT));
      }
    };
    Analyzer analyzer = new Analyzer(parsed.table(), recorder, global, budget);
    List<Analyzer.Entry> entries = new ArrayList<>();
    Set<String> knownTypes = NvrtcModel.typeNames();
    Map<String, Analyzer.Entry> manifestEntries = new HashMap<>();
    for (EntryPoint e : u.entries()) {
      Analyzer.Entry entry = resolve(analyzer, e.nameExpression(), e.label(), knownTypes);
      if (entry == null) {
        unresolved.add(e.nameExpression());
      } else {
        entries.add(entry);
        if (e.unit().isPresent()) {
          manifestEntries.put(e.nameExpression(), entry);
        }
      }
    }
    for (var ei : parsed.table().explicitInstantiations()) {
      Analyzer.Entry entry = analyzer.resolveEntry(ei.name(), ei.name().toString());
      if (entry != null) {
        entries.add(entry);
      }
    }
    for (Map.Entry<String, String> b : bindings.entrySet()) {
      global.put(b.getKey(), typeFor(analyzer, b.getValue(), knownTypes));
    }
    analyzer.run(entries);
    return new Recording(events, unresolved, problems, analyzer, manifestEntries, new HashMap<>());
  }

  /** An entry point's parameter list, or null: a failure of the front end there is an internal note, not the run's end. */
  private static KernelSignature signatureOf(Analyzer analyzer, Analyzer.Entry entry, String expression, Target target,
      List<FrontEndDiagnostic> problems) {
    try {
      return analyzer.signatureOf(entry, expression, NvrtcModel.paramBase(target), NvrtcModel.PARAM_ALIGNMENT_PERIOD);
    } catch (RuntimeException e) {
      problems.add(new FrontEndDiagnostic(Severity.NOTE, userSite(entry.function().start()).location(),
          "internal error: could not work out the parameters of '" + expression + "' (" + e + ")",
          FrontEndDiagnostic.Kind.INTERNAL));
      return null;
    }
  }

  private static Type typeFor(Analyzer analyzer, String typeText, Set<String> knownTypes) {
    // a --bind value is resolved like a template argument of a one-parameter entry
    QualifiedName probe = nameOf("__jitguard_bind<" + typeText + ">", knownTypes);
    if (probe == null || probe.last().templateArgs() == null || probe.last().templateArgs().isEmpty()) {
      return new Type.Unknown("bind");
    }
    return analyzer.bindingType(probe.last().templateArgs().get(0));
  }

  private static Analyzer.Entry resolve(Analyzer analyzer, String expression, String label, Set<String> knownTypes) {
    QualifiedName name = nameOf(expression, knownTypes);
    return name == null ? null : analyzer.resolveEntry(name, label);
  }

  static QualifiedName nameOf(String text, Set<String> knownTypes) {
    SourceFile f = SourceCache.synthetic("<name expression>", text);
    List<Token> toks = new ArrayList<>();
    for (Token t : new Lexer(f, null).tokenize()) {
      if (t.kind() != TokenKind.NEWLINE) {
        toks.add(t);
      }
    }
    return Parser.nameExpression(toks, knownTypes);
  }

  private void replay(Recording rec, Unit u, Run run) {
    CheckContext ctx = new CheckContext(u.target(), u.variant(), u.fallbackVariant());
    for (AnalysisEvent e : rec.events()) {
      for (Check c : checks) {
        try {
          c.event(e, ctx).ifPresent(d -> add(run, c, d, e.at(), e.context(), u));
        } catch (RuntimeException ex) { // a check's bug: the other checks and events still count
          Analyzer.Context where = e.context();
          FrontEndDiagnostic d = new FrontEndDiagnostic(Severity.NOTE, where.function().start().location(),
              "internal error: " + c.info().id() + " failed in '" + where.function().name() + "' (" + ex
                  + "); the rest was checked", FrontEndDiagnostic.Kind.INTERNAL);
          attribute(run.frontEnd.computeIfAbsent(d.location() + d.message(), k -> d), u);
        }
      }
    }
  }

  /** A finding being folded: the first occurrence's text, every instantiation and target. */
  private static final class Acc {
    final String rule;
    final String name;
    final Severity defaultSeverity;
    Severity severity;
    Finding.Draft draft;
    final TreeSet<String> instantiations = new TreeSet<>();
    final TreeSet<String> targets = new TreeSet<>();
    final TreeSet<String> variants = new TreeSet<>();
    final Set<UnitKey> units = new LinkedHashSet<>();

    Acc(CheckInfo info, Finding.Draft draft) {
      this.rule = info.id();
      this.name = info.name();
      this.defaultSeverity = info.severity();
      replace(draft);
    }

    /** The first occurrence's text, or a later one's that is more severe; instantiations and targets stay. */
    void replace(Finding.Draft d) {
      this.draft = d;
      this.severity = d.severity() != null ? d.severity() : defaultSeverity;
    }

    Finding finish() {
      return new Finding(rule, name, severity, draft.location(), draft.message(), draft.notes(), draft.fixes(),
          ImmutableSortedSet.copyOf(instantiations), ImmutableSortedSet.copyOf(targets),
          ImmutableSortedSet.copyOf(variants), ImmutableSet.copyOf(units));
    }
  }

  private static void add(Run run, Check c, Finding.Draft d, Token at, Analyzer.Context ctx, Unit u) {
    CheckInfo info = c.info();
    String key = info.id() + "@" + d.location();
    if (d.undecided() != null) {
      run.undecided.putIfAbsent(key, new Undecided(info.id(), d.location(), d.message(), d.undecided()));
      return;
    }
    Acc acc = run.findings.get(key);
    Severity severity = d.severity() != null ? d.severity() : info.severity();
    // the same place found again where it is an error (an instantiation reaches what was a warning): that wins
    boolean upgrade = acc != null && severity == Severity.ERROR && acc.severity != Severity.ERROR;
    if (acc == null || upgrade) {
      Finding.Draft full = d;
      if (at != null && at.expansion() != null) {
        Token site = at.expansion().outermostInvocation();
        full = full.withNote(site.location(), "expanded from macro '" + outermostMacro(at) + "'");
      }
      if (at != null) {
        Token written = at.expansion() == null ? at : at.expansion().outermostInvocation();
        for (var trail = written.includedFrom(); trail != null; trail = trail.parent()) {
          full = full.withNote(trail.directive().location(), "in file included from here");
        }
      }
      if (ctx != null && !ctx.bindings().isEmpty()) {
        full = full.withNote(ctx.function().start().location(), "in instantiation of '"
            + ctx.function().name().lastName() + "' with " + ctx.describeBindings());
      }
      if (acc == null) {
        acc = new Acc(info, full);
        run.findings.put(key, acc);
      } else {
        acc.replace(full);
      }
    }
    if (ctx != null && !ctx.bindings().isEmpty()) {
      acc.instantiations.add(ctx.label() != null ? ctx.label() : ctx.describeBindings());
      // in an instantiation: the compile units of that instantiation (none for one only an explicit instantiation reaches)
      for (EntryPoint e : u.entries()) {
        if (e.label().equals(ctx.label())) {
          e.unit().ifPresent(acc.units::add);
        }
      }
    } else {
      acc.units.addAll(u.compileUnits());
    }
    if (u.target() != null) {
      acc.targets.add(u.target().name());
    }
    if (u.variant().isPresent()) {
      acc.variants.add(u.variant().get().toString());
    }
  }

  private static String outermostMacro(Token t) {
    var e = t.expansion();
    while (e.parent() != null) {
      e = e.parent();
    }
    return e.macro();
  }

  /** The parse of a token stream: equal streams (the same source seen alike by several targets) share one. */
  private static Parsed parse(List<Token> tokens, Run run) {
    long hash = hash(tokens);
    List<Parsed> same = run.parses.computeIfAbsent(hash, k -> new ArrayList<>());
    for (Parsed p : same) {
      if (sameStream(p.tokens(), tokens)) {
        return p;
      }
    }
    Parser.TranslationUnit tu = Parser.parse(tokens);
    Parsed p = new Parsed(tokens, tu, SymbolTable.build(tu));
    same.add(p);
    run.distinctParses++;
    return p;
  }

  private static long hash(List<Token> toks) {
    long h = 0x9E3779B97F4A7C15L;
    for (Token t : toks) {
      h = (h ^ (t.text().hashCode() * 31L + t.offset())) * 0x100000001B3L;
      if (t.expansion() != null) {
        h = (h ^ t.expansion().invocation().offset()) * 0xBF58476D1CE4E5B9L;
      }
    }
    return h ^ toks.size();
  }

  /** Token by token: the same text written at the same place of the same file, expanded from the same place. */
  private static boolean sameStream(List<Token> a, List<Token> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Token x = a.get(i);
      Token y = b.get(i);
      if (x.offset() != y.offset() || !x.text().equals(y.text()) || !samePlace(x.file(), y.file())) {
        return false;
      }
      if ((x.expansion() == null) != (y.expansion() == null)) {
        return false;
      }
      if (x.expansion() != null && (x.expansion().invocation().offset() != y.expansion().invocation().offset()
          || !samePlace(x.expansion().invocation().file(), y.expansion().invocation().file()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean samePlace(SourceFile a, SourceFile b) {
    return a == b || a.path().equals(b.path());
  }
}
