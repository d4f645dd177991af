package io.jitguard.cpp.sema;

import io.jitguard.cpp.Budget;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.ast.TemplateArg;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Walks function bodies with the types of their expressions, once per instantiation context,
 * and tells a {@link SemaListener} about calls, implicit conversions and uses of target features.
 *
 * <p>Contexts: every non-template function once; every template once with its parameters
 * unbound (only what does not depend on them can be concluded); every entry point (a manifest
 * instantiation, a name expression, an explicit instantiation definition) with its parameters
 * bound; and, from there, every function template it calls or names with known arguments, every
 * member function of a class template it calls on an object of known type. Entry points and what
 * they reach are <em>live</em>: their code is emitted for the target, so target features in them
 * matter.
 *
 * <p>The work is bounded: at most {@link Budget#instantiationsPerFunction()} instantiations of one
 * function and {@link Budget#instantiations()} in a unit are walked; past that the analyzer reports a
 * limit, and what it did check stands.
 */
public final class Analyzer {
  /** One way of analysing a function: its template parameters' types and where that came from. */
  public record Context(Decl.Function function, ImmutableMap<String, Type> bindings, String label, boolean live) {
    /** {@code DTypeO = __nv_bfloat16, IdType = int}. */
    public String describeBindings() {
      StringBuilder b = new StringBuilder();
      List<String> order = new ArrayList<>();
      if (function.templateParams() != null) {
        function.templateParams().forEach(p -> order.add(p.name()));
      }
      new TreeMap<>(bindings).keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
      for (String k : order) {
        if (bindings.containsKey(k)) {
          b.append(b.length() == 0 ? "" : ", ").append(k).append(" = ").append(bindings.get(k).canonical());
        }
      }
      return b.toString();
    }
  }

  /** A request to check a template instantiation: a name expression and the label to report it under. */
  public record Entry(Decl.Function function, ImmutableMap<String, Type> bindings, String label) {}

  /**
   * Fault injection for the tests of the error path: with this system property set to a function's
   * name, the analysis of that function fails as a bug in the checker would.
   */
  public static final String FAIL_ANALYSIS_OF = "jitguard.test.failAnalysisOf";

  private final SymbolTable table;
  private final Budget budget;
  private final SemaListener listener;
  private final TypeResolver resolver;
  private final Members members;
  private final ConstantEvaluator constants;
  private final Deque<Context> work = new ArrayDeque<>();
  private final Map<Decl.Function, Set<String>> seen = new IdentityHashMap<>();
  private final Map<Decl.Function, Decl.Function> limited = new IdentityHashMap<>();
  private int contexts;
  private boolean unitLimitReported;

  public Analyzer(SymbolTable table, SemaListener listener, Map<String, Type> globalBindings) {
    this(table, listener, globalBindings, Budget.DEFAULT);
  }

  public Analyzer(SymbolTable table, SemaListener listener, Map<String, Type> globalBindings, Budget budget) {
    this.table = table;
    this.listener = listener;
    this.budget = budget;
    this.resolver = new TypeResolver(table, globalBindings, budget.steps());
    this.members = new Members(resolver);
    this.constants = new ConstantEvaluator(resolver);
    resolver.connect(constants, members, new Specializations(resolver));
  }

  public SymbolTable table() {
    return table;
  }

  SemaListener listener() {
    return listener;
  }

  TypeResolver resolver() {
    return resolver;
  }

  Members members() {
    return members;
  }

  ConstantEvaluator constants() {
    return constants;
  }

  /** Analyses every function, then the entries and what they reach. */
  public void run(List<Entry> entries) {
    for (Decl.Function f : table.functions()) {
      if (f.body() == null) {
        continue;
      }
      boolean kernel = f.qualifiers().contains("__global__");
      enqueue(new Context(f, ImmutableMap.of(), null, kernel && !f.isTemplate()));
    }
    for (Entry e : entries) {
      enqueue(new Context(e.function(), e.bindings(), e.label(), true));
    }
    while (!work.isEmpty()) {
      Context c = work.pollFirst();
      resolver.resetSteps();
      try {
        if (c.function().name().lastName().equals(System.getProperty(FAIL_ANALYSIS_OF))) {
          throw new IllegalStateException("failure injected by -D" + FAIL_ANALYSIS_OF);
        }
        new BodyWalker(this, c).walk();
      } catch (AnalysisLimit e) {
        listener.limit(c, "'" + c.function().name() + "': " + e.getMessage() + "; the rest of it was not checked");
      } catch (StackOverflowError e) { // bounded everywhere; should this still happen, it is the tool's fault
        listener.internalError(c, new IllegalStateException("stack overflow while analysing"));
      } catch (RuntimeException e) { // a gap in the checker must not stop the rest of the run
        listener.internalError(c, e);
      }
    }
  }

  void enqueue(Context c) {
    Decl.Function f = c.function();
    if (f.body() == null) {
      return;
    }
    String key = keyOf(c);
    Set<String> keys = seen.computeIfAbsent(f, k -> new HashSet<>());
    if (keys.contains(key)) {
      return;
    }
    if (keys.size() >= budget.instantiationsPerFunction()) {
      if (limited.put(f, f) == null) {
        listener.limit(c, "'" + f.name() + "' is instantiated more than " + budget.instantiationsPerFunction()
            + " ways; the first " + budget.instantiationsPerFunction() + " were checked (budget "
            + "instantiations-per-function)");
      }
      return;
    }
    if (contexts >= budget.instantiations()) {
      if (!unitLimitReported) {
        unitLimitReported = true;
        listener.limit(c, "more than " + budget.instantiations() + " function instantiations in this unit (budget "
            + "instantiations); the rest of the unit was not checked");
      }
      return;
    }
    keys.add(key);
    contexts++;
    work.addLast(c);
  }

  private static String keyOf(Context c) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(c.bindings()).forEach((k, v) -> b.append(k).append('=').append(v.canonical()).append(';'));
    return b.append('|').append(c.live()).append('|').append(c.label()).toString();
  }

  // ------------------------------------------------------------------ entries

  /**
   * Resolves a name expression such as {@code ns::kernel<__nv_bfloat16, float>} to a function
   * template and its bindings; null when no template of that name fits.
   */
  public Entry resolveEntry(QualifiedName name, String label) {
    List<Decl.Function> candidates = new ArrayList<>();
    for (Object o : lookup(name)) {
      if (o instanceof Decl.Function f && f.isTemplate() && f.body() != null) {
        candidates.add(f);
      }
    }
    ImmutableList<TemplateArg> args = name.last().templateArgs();
    for (Decl.Function f : candidates) {
      if (args != null && args.size() <= f.templateParams().size()) {
        Env env = Env.of(table.global());
        Map<String, Type> bindings = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
          bindings.put(f.templateParams().get(i).name(), resolver.argument(args.get(i), env));
        }
        for (int i = args.size(); i < f.templateParams().size(); i++) {
          Decl.TemplateParam tp = f.templateParams().get(i);
          if (tp.defaultArg() != null && !tp.pack()) {
            bindings.put(tp.name(), resolver.argument(tp.defaultArg(), Env.of(table.scopeOf(f), bindings,
                Set.of())));
          }
        }
        return new Entry(f, ImmutableMap.copyOf(bindings), label);
      }
    }
    return null;
  }

  /**
   * The parameter list of an entry point with its template arguments substituted: names, types,
   * sizes, alignments and offsets in the kernel's parameter buffer (-1 from the first parameter whose
   * layout the front end cannot work out). A parameter goes at the first offset whose address from
   * {@code paramBase} (where the target's parameters begin) its alignment allows.
   */
  public KernelSignature signatureOf(Entry entry, String nameExpression, long paramBase, long alignmentPeriod) {
    Decl.Function f = entry.function();
    Env env = Env.of(table.scopeOf(f), entry.bindings(), Set.of());
    Layouts layouts = new Layouts(resolver, constants, members);
    ImmutableList.Builder<KernelSignature.Param> params = ImmutableList.builder();
    long offset = 0;
    for (Decl.Param p : f.params()) {
      Type t;
      try {
        resolver.resetSteps();
        t = resolver.resolve(p.type(), env);
      } catch (AnalysisLimit e) {
        t = new Type.Unknown(e.getMessage());
      }
      Type s = t.strip();
      KernelSignature.Kind kind = !t.known() || p.pack() ? KernelSignature.Kind.UNKNOWN
          : s instanceof Type.Pointer ? KernelSignature.Kind.POINTER
          : s instanceof Type.Named n && !n.cudaType() ? KernelSignature.Kind.RECORD
          : s instanceof Type.Builtin || s instanceof Type.Enumeration || s instanceof Type.Named
              ? KernelSignature.Kind.SCALAR : KernelSignature.Kind.UNKNOWN;
      java.util.Optional<Layouts.Layout> layout = kind == KernelSignature.Kind.UNKNOWN ? java.util.Optional.empty()
          : layouts.of(t);
      long size = layout.map(Layouts.Layout::size).orElse(-1L);
      long align = layout.map(Layouts.Layout::align).orElse(-1L);
      offset = offset < 0 || layout.isEmpty() || alignmentPeriod % align != 0 ? -1
          : Layouts.roundUp(paramBase + offset, align) - paramBase;
      java.util.Optional<String> pointee = s instanceof Type.Pointer ptr ? java.util.Optional.of(ptr.pointee().canonical())
          : java.util.Optional.empty();
      boolean pointeeConst = s instanceof Type.Pointer ptr && ptr.pointeeConst();
      params.add(new KernelSignature.Param(p.name() == null ? "" : p.name(), t.known() ? t.canonical() : p.type().toString(),
          kind, pointee, pointeeConst, size, align, offset));
      if (offset >= 0) {
        offset += size;
      }
    }
    return new KernelSignature(nameExpression, params.build());
  }

  /** The type a template argument written at namespace scope denotes (for {@code --bind}). */
  public Type bindingType(TemplateArg arg) {
    return resolver.argument(arg, Env.of(table.global()));
  }

  private List<Object> lookup(QualifiedName name) {
    if (!name.isQualified()) {
      return table.global().lookup(name.lastName());
    }
    QualifiedName prefix = new QualifiedName(name.global(), name.parts().subList(0, name.parts().size() - 1));
    Scope owner = table.resolveNamespace(prefix, table.global());
    if (owner == null) {
      owner = table.resolveOwner(name, table.global());
    }
    return owner == null ? List.of() : owner.member(name.lastName());
  }
}
