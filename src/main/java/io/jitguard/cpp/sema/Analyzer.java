package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.ast.Stmt;
import io.jitguard.cpp.ast.TemplateArg;
import io.jitguard.cpp.ast.TypeSpec;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.parse.Parser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
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
 * bound; and, from there, every function template it calls with explicit or simply deduced
 * arguments. Entry points and what they reach are <em>live</em>: their code is emitted for the
 * target, so target features in them matter.
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

  private static final Set<String> BUILTIN_VECTOR_VARS = Set.of("threadIdx", "blockIdx", "blockDim", "gridDim");

  private final SymbolTable table;
  private final SemaListener listener;
  private final Map<String, Type> globalBindings;
  private final Deque<Context> work = new ArrayDeque<>();
  private final Set<String> seen = new HashSet<>();

  public Analyzer(SymbolTable table, SemaListener listener, Map<String, Type> globalBindings) {
    this.table = table;
    this.listener = listener;
    this.globalBindings = globalBindings;
  }

  public SymbolTable table() {
    return table;
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
      try {
        new BodyWalker(c).walk();
      } catch (RuntimeException e) { // a gap in the checker must not stop the rest of the run
        listener.internalError(c, e);
      }
    }
  }

  private void enqueue(Context c) {
    String key = System.identityHashCode(c.function()) + "|" + c.bindings().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().canonical()).sorted().toList() + "|" + c.live() + "|" + c.label();
    if (c.function().body() != null && seen.add(key)) {
      work.addLast(c);
    }
  }

  // ------------------------------------------------------------------ entries

  /**
   * Resolves a name expression such as {@code ns::kernel<__nv_bfloat16, float>} to a function
   * template and its bindings; null when no template of that name fits.
   */
  public Entry resolveEntry(QualifiedName name, String label) {
    List<Decl.Function> candidates = new ArrayList<>();
    for (Object o : lookup(name, table.global())) {
      if (o instanceof Decl.Function f && f.isTemplate() && f.body() != null) {
        candidates.add(f);
      }
    }
    ImmutableList<TemplateArg> args = name.last().templateArgs();
    for (Decl.Function f : candidates) {
      if (args != null && args.size() <= f.templateParams().size()) {
        Env env = new Env(table.global(), Map.of(), Set.of());
        Map<String, Type> bindings = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
          bindings.put(f.templateParams().get(i).name(), argumentType(args.get(i), env));
        }
        return new Entry(f, ImmutableMap.copyOf(bindings), label);
      }
    }
    return null;
  }

  /** The type a template argument written at namespace scope denotes (for {@code --bind}). */
  public Type bindingType(TemplateArg arg) {
    return argumentType(arg, new Env(table.global(), Map.of(), Set.of()));
  }

  private List<Object> lookup(QualifiedName name, Scope from) {
    if (!name.isQualified()) {
      return from.lookup(name.lastName());
    }
    Scope owner = table.resolveScope(new QualifiedName(name.global(), name.parts().subList(0, name.parts().size() - 1)),
        from);
    return owner == null ? List.of() : owner.member(name.lastName());
  }

  // ------------------------------------------------------------------ types

  /** Name lookup environment for types: a scope plus the template parameters in view. */
  private final class Env {
    final Scope scope;
    final Map<String, Type> bound;
    final Set<String> unbound;
    /** Seen from a caller: a bound parameter is the caller's type as the caller wrote it. */
    final boolean transparent;

    Env(Scope scope, Map<String, Type> bound, Set<String> unbound) {
      this(scope, bound, unbound, false);
    }

    Env(Scope scope, Map<String, Type> bound, Set<String> unbound, boolean transparent) {
      this.scope = scope;
      this.bound = bound;
      this.unbound = unbound;
      this.transparent = transparent;
    }
  }

  private Type argumentType(TemplateArg arg, Env env) {
    if (arg instanceof TemplateArg.Type t) {
      return resolve(t.type(), env);
    }
    Expr e = ((TemplateArg.Value) arg).expr();
    if (e instanceof Expr.Name n) { // a type the name-expression parser could not tell apart
      return resolveName(n.name(), env);
    }
    return new Type.Unknown("a value argument");
  }

  Type resolve(TypeSpec ts, Env env) {
    if (ts == null || ts.opaque() || ts.pack()) {
      return new Type.Unknown("opaque type");
    }
    Type base;
    if (ts.isAuto()) {
      return new Type.Unknown("auto");
    } else if (ts.builtin() != null) {
      base = new Type.Builtin(ts.builtin());
    } else {
      base = resolveName(ts.name(), env);
    }
    Type t = base;
    for (int i = 0; i < ts.pointers().size(); i++) {
      boolean c = i == 0 ? ts.isConst() : ts.pointers().get(i - 1).isConst();
      boolean v = i == 0 ? ts.isVolatile() : ts.pointers().get(i - 1).isVolatile();
      t = new Type.Pointer(t, c, v);
    }
    for (int i = 0; i < ts.arrayDims(); i++) {
      t = new Type.Array(t);
    }
    return t;
  }

  private Type resolveName(QualifiedName name, Env env) {
    String last = name.lastName();
    if (!name.isQualified()) {
      if (env.bound.containsKey(last)) {
        Type b = env.bound.get(last);
        return env.transparent ? b : new Type.Sugar(last, b.strip());
      }
      if (env.unbound.contains(last)) {
        return globalBindings.containsKey(last) ? new Type.Sugar(last, globalBindings.get(last))
            : new Type.Unknown("dependent on " + last);
      }
      if (Type.FIXED_TYPEDEFS.containsKey(last)) {
        String target = Type.FIXED_TYPEDEFS.get(last);
        return new Type.Sugar(last, Parser.CUDA_TYPES.contains(target) || target.startsWith("__")
            ? new Type.Named(target, ImmutableList.of(), null, null, true) : new Type.Builtin(target));
      }
    }
    List<Object> found = lookup(name, env.scope);
    for (Object o : found) {
      if (o instanceof Decl.Record r) {
        ImmutableList<Type> args = ImmutableList.of();
        if (name.last().templateArgs() != null) {
          args = name.last().templateArgs().stream().map(a -> argumentType(a, env))
              .collect(ImmutableList.toImmutableList());
        }
        Decl.Record def = definitionOf(r, env.scope);
        return new Type.Named(last, args, def, def == null ? null : table.recordScope(def), false);
      }
      if (o instanceof Decl.Alias a) {
        Env aliasEnv = new Env(table.scopeOf(a), Map.of(), Set.of());
        if (a.templateParams() != null) {
          Map<String, Type> b = new HashMap<>();
          ImmutableList<TemplateArg> targs = name.last().templateArgs();
          for (int i = 0; i < a.templateParams().size(); i++) {
            if (targs == null || i >= targs.size()) {
              return new Type.Unknown("alias template without arguments");
            }
            b.put(a.templateParams().get(i).name(), argumentType(targs.get(i), env));
          }
          aliasEnv = new Env(table.scopeOf(a), b, Set.of());
        }
        return new Type.Sugar(last, resolve(a.type(), aliasEnv));
      }
      if (o instanceof Decl.Enum) {
        return new Type.Named(last, ImmutableList.of(), null, null, false);
      }
    }
    if (Parser.CUDA_TYPES.contains(last) && !name.isQualified()) {
      boolean fixedWidth = last.endsWith("_t") && !last.startsWith("__");
      return new Type.Named(last, ImmutableList.of(), null, null, !fixedWidth);
    }
    if (name.parts().size() > 1) { // Outer<Args>::member
      QualifiedName prefix = new QualifiedName(name.global(), name.parts().subList(0, name.parts().size() - 1));
      Type owner = resolveName(prefix, env).strip();
      if (owner instanceof Type.Named n && n.decl() != null && n.scope() != null) {
        Env inner = new Env(n.scope(), recordBindings(n), Set.of());
        for (Object o : n.scope().member(last)) {
          if (o instanceof Decl.Alias a) {
            return new Type.Sugar(name.toString(), resolve(a.type(), inner));
          }
        }
      }
      return new Type.Unknown("member type " + name);
    }
    return new Type.Named(last, ImmutableList.of(), null, null, false); // opaque: not known
  }

  /** A record's definition when only a forward declaration was found first. */
  private Decl.Record definitionOf(Decl.Record r, Scope from) {
    if (r.definition()) {
      return r;
    }
    for (Object o : table.scopeOf(r).member(r.name())) {
      if (o instanceof Decl.Record d && d.definition()) {
        return d;
      }
    }
    return null;
  }

  private Map<String, Type> recordBindings(Type.Named n) {
    Map<String, Type> b = new HashMap<>();
    if (n.decl() != null && n.decl().templateParams() != null) {
      for (int i = 0; i < n.decl().templateParams().size() && i < n.args().size(); i++) {
        b.put(n.decl().templateParams().get(i).name(), n.args().get(i));
      }
    }
    return b;
  }

  private static Set<String> paramNames(List<Decl.TemplateParam> ps) {
    Set<String> out = new HashSet<>();
    if (ps != null) {
      for (Decl.TemplateParam p : ps) {
        if (p.name() != null) {
          out.add(p.name());
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ bodies

  private final class BodyWalker {
    final Context ctx;
    final Env env;
    final Deque<Map<String, Type>> locals = new ArrayDeque<>();
    final Deque<Type> returnTypes = new ArrayDeque<>();
    final Type thisType;
    /** Block-scope {@code using ns::name;}: the name now denotes what the target names. */
    final Map<String, QualifiedName> localUsings = new HashMap<>();
    /** A block-scope {@code using namespace}: unqualified lookup is beyond what is modelled here. */
    boolean localUsingNamespace;

    BodyWalker(Context ctx) {
      this.ctx = ctx;
      Decl.Function f = ctx.function();
      Scope scope = table.scopeOf(f);
      Set<String> unbound = new HashSet<>(paramNames(f.templateParams()));
      Type self = null;
      if (scope.kind() == Scope.Kind.RECORD && scope.record() != null) {
        Decl.Record r = scope.record();
        unbound.addAll(paramNames(r.templateParams()));
        self = new Type.Pointer(new Type.Named(r.name(), ImmutableList.of(), r, scope, false), false, false);
      }
      Map<String, Type> bound = new HashMap<>(ctx.bindings());
      unbound.removeAll(bound.keySet());
      this.env = new Env(scope, bound, unbound);
      this.thisType = self;
    }

    void walk() {
      Decl.Function f = ctx.function();
      Map<String, Type> params = new HashMap<>();
      for (Decl.Param p : f.params()) {
        if (p.name() != null) {
          params.put(p.name(), resolve(p.type(), env));
        }
      }
      locals.push(params);
      returnTypes.push(f.returnType() == null ? new Type.Builtin("void") : resolve(f.returnType(), env));
      statement(f.body());
    }

    void declare(String name, Type t) {
      locals.peek().put(name, t);
    }

    void statement(Stmt s) {
      if (s == null) {
        return;
      }
      if (s instanceof Stmt.Block b) {
        locals.push(new HashMap<>());
        b.statements().forEach(this::statement);
        locals.pop();
      } else if (s instanceof Stmt.Declaration d) {
        d.vars().forEach(this::variable);
      } else if (s instanceof Stmt.ExprStmt e) {
        type(e.expr());
      } else if (s instanceof Stmt.If i) {
        locals.push(new HashMap<>());
        statement(i.init());
        type(i.condition());
        statement(i.thenBranch());
        statement(i.elseBranch());
        locals.pop();
      } else if (s instanceof Stmt.For f) {
        locals.push(new HashMap<>());
        statement(f.init());
        type(f.condition());
        type(f.step());
        statement(f.body());
        locals.pop();
      } else if (s instanceof Stmt.RangeFor r) {
        locals.push(new HashMap<>());
        type(r.range());
        declare(r.variable().name(), new Type.Unknown("range element"));
        statement(r.body());
        locals.pop();
      } else if (s instanceof Stmt.While w) {
        type(w.condition());
        statement(w.body());
      } else if (s instanceof Stmt.DoWhile d) {
        statement(d.body());
        type(d.condition());
      } else if (s instanceof Stmt.Switch sw) {
        type(sw.condition());
        statement(sw.body());
      } else if (s instanceof Stmt.Return r) {
        if (r.value() != null) {
          Type from = type(r.value());
          Type to = returnTypes.peek();
          if (to.known()) {
            listener.conversion(new SemaListener.Conversion(SemaListener.Conversion.Kind.RETURN, r.value().start(),
                to, from, r.value(), null, -1, null, ctx));
          }
        }
      } else if (s instanceof Stmt.Asm a) {
        if (ctx.live()) {
          listener.featureUse(new SemaListener.FeatureUse(a.start(), a.instructions(), true, ctx));
        }
        a.operands().forEach(this::type);
      } else if (s instanceof Stmt.LocalDecl ld) {
        if (ld.decl() instanceof Decl.Var v) {
          variable(v);
        } else if (ld.decl() instanceof Decl.UsingName u) {
          localUsings.put(u.target().lastName(), u.target());
        } else if (ld.decl() instanceof Decl.UsingNamespace) {
          localUsingNamespace = true;
        }
      }
      // labels, jumps, empty and skipped statements carry nothing to check
    }

    void variable(Decl.Var v) {
      Type declared = v.type().isAuto() ? null : resolve(v.type(), env);
      Type init = null;
      if (v.init() != null && !(v.init() instanceof Expr.InitList)) {
        if (v.init() instanceof Expr.Cast c && c.kind().equals("construct")) {
          c.operands().forEach(this::type);
        } else {
          init = type(v.init());
          if (declared != null) {
            listener.conversion(new SemaListener.Conversion(SemaListener.Conversion.Kind.INITIALIZATION,
                v.init().start(), declared, init, v.init(), null, -1, null, ctx));
          }
        }
      } else if (v.init() instanceof Expr.InitList l) {
        l.items().forEach(this::type);
      }
      if (declared == null) {
        declared = init == null ? new Type.Unknown("auto") : decay(init, v.type());
      }
      declare(v.name(), declared);
    }

    /** {@code auto} takes the initialiser's type ({@code auto*} likewise); arrays decay. */
    Type decay(Type t, TypeSpec spec) {
      Type s = t.strip();
      if (s instanceof Type.Array a) {
        return new Type.Pointer(a.element(), false, false);
      }
      if (spec.ref() != TypeSpec.Ref.NONE) {
        return new Type.Unknown("auto reference");
      }
      return t;
    }

    Type lookupLocal(String name) {
      for (Map<String, Type> m : locals) {
        Type t = m.get(name);
        if (t != null) {
          return t;
        }
      }
      return null;
    }

    // ---------------------------------------------------------------- expressions

    Type type(Expr e) {
      if (e == null) {
        return Type.UNKNOWN;
      }
      if (e instanceof Expr.Literal l) {
        switch (l.kind()) {
          case INTEGER:
            return Type.INT;
          case FLOATING:
            return l.start().text().toLowerCase(java.util.Locale.ROOT).endsWith("f") ? Type.FLOAT : Type.DOUBLE;
          case STRING:
            return new Type.Pointer(Type.CHAR, true, false);
          case CHARACTER:
            return Type.CHAR;
          case BOOLEAN:
            return Type.BOOL;
          default:
            return new Type.NullPtr();
        }
      }
      if (e instanceof Expr.This) {
        return thisType == null ? Type.UNKNOWN : thisType;
      }
      if (e instanceof Expr.Name n) {
        return name(n.name());
      }
      if (e instanceof Expr.Member m) {
        return member(m);
      }
      if (e instanceof Expr.Index i) {
        Type base = type(i.base()).strip();
        type(i.index());
        if (base instanceof Type.Pointer p) {
          return p.pointee();
        }
        return base instanceof Type.Array a ? a.element() : Type.UNKNOWN;
      }
      if (e instanceof Expr.Unary u) {
        return unary(u);
      }
      if (e instanceof Expr.Binary b) {
        return binary(b);
      }
      if (e instanceof Expr.Conditional c) {
        type(c.condition());
        Type a = type(c.whenTrue());
        Type b = type(c.whenFalse());
        return a.known() && b.known() && a.canonical().equals(b.canonical()) ? a : Type.UNKNOWN;
      }
      if (e instanceof Expr.Cast c) {
        c.operands().forEach(this::type);
        return resolve(c.type(), env);
      }
      if (e instanceof Expr.Call c) {
        return call(c);
      }
      if (e instanceof Expr.Launch l) {
        return launch(l);
      }
      if (e instanceof Expr.Lambda l) {
        lambda(l);
        return Type.UNKNOWN;
      }
      if (e instanceof Expr.InitList l) {
        l.items().forEach(this::type);
        return Type.UNKNOWN;
      }
      if (e instanceof Expr.Special sp) {
        sp.operands().forEach(this::type);
        return sp.keyword().startsWith("sizeof") || sp.keyword().contains("align")
            ? new Type.Builtin("unsigned long") : Type.UNKNOWN;
      }
      return Type.UNKNOWN;
    }

    void lambda(Expr.Lambda l) {
      Map<String, Type> params = new HashMap<>();
      for (Decl.Param p : l.params()) {
        if (p.name() != null) {
          params.put(p.name(), p.type().isAuto() ? Type.UNKNOWN : resolve(p.type(), env));
        }
      }
      locals.push(params);
      returnTypes.push(new Type.Unknown("a lambda's deduced return type")); // nothing to check against
      statement(l.body());
      returnTypes.pop();
      locals.pop();
    }

    Type name(QualifiedName n) {
      if (!n.isQualified()) {
        Type local = lookupLocal(n.lastName());
        if (local != null) {
          return local;
        }
        if (BUILTIN_VECTOR_VARS.contains(n.lastName())) {
          return new Type.Named("uint3", ImmutableList.of(), null, null, true);
        }
        if (env.bound.containsKey(n.lastName()) || env.unbound.contains(n.lastName())) {
          return Type.UNKNOWN; // a value template parameter
        }
      }
      for (Object o : lookup(n, env.scope)) {
        if (o instanceof Decl.Var v) {
          return resolve(v.type(), new Env(table.scopeOf(v), env.bound, env.unbound));
        }
        if (o instanceof Decl.Field f) {
          return resolve(f.type(), env);
        }
      }
      return Type.UNKNOWN;
    }

    Type member(Expr.Member m) {
      Type base = type(m.base()).strip();
      if (m.arrow()) {
        if (!(base instanceof Type.Pointer p)) {
          return Type.UNKNOWN;
        }
        base = p.pointee().strip();
      }
      if (base instanceof Type.Named n) {
        if (n.cudaType()) {
          return vectorComponent(n.name(), m.name().text());
        }
        if (n.decl() != null && n.scope() != null) {
          Env inner = new Env(n.scope(), recordBindings(n), paramNames(n.decl().templateParams()));
          inner.unbound.removeAll(inner.bound.keySet());
          for (Object o : n.scope().member(m.name().text())) {
            if (o instanceof Decl.Field f) {
              return resolve(f.type(), inner);
            }
          }
        }
      }
      return Type.UNKNOWN;
    }

    Type vectorComponent(String vector, String field) {
      if (!Set.of("x", "y", "z", "w").contains(field)) {
        return Type.UNKNOWN;
      }
      if (vector.equals("uint3") || vector.equals("dim3") || vector.startsWith("uint")) {
        return new Type.Builtin("unsigned int");
      }
      if (vector.startsWith("float")) {
        return Type.FLOAT;
      }
      if (vector.startsWith("int")) {
        return Type.INT;
      }
      if (vector.startsWith("double")) {
        return Type.DOUBLE;
      }
      return Type.UNKNOWN;
    }

    Type unary(Expr.Unary u) {
      Type t = type(u.operand());
      switch (u.op()) {
        case "&":
          return t.known() ? new Type.Pointer(t, false, false) : Type.UNKNOWN;
        case "*": {
          Type s = t.strip();
          if (s instanceof Type.Pointer p) {
            return p.pointee();
          }
          return s instanceof Type.Array a ? a.element() : Type.UNKNOWN;
        }
        case "!":
          return Type.BOOL;
        default:
          return t;
      }
    }

    Type binary(Expr.Binary b) {
      String op = b.op().text();
      if (op.equals("=")) {
        Type to = type(b.left());
        Type from = type(b.right());
        listener.conversion(new SemaListener.Conversion(SemaListener.Conversion.Kind.ASSIGNMENT, b.op(), to, from,
            b.right(), null, -1, null, ctx));
        return to;
      }
      Type l = type(b.left());
      Type r = type(b.right());
      if (b.isAssignment()) {
        return l;
      }
      switch (op) {
        case ",":
          return r;
        case "==", "!=", "<", ">", "<=", ">=", "&&", "||":
          return Type.BOOL;
        case "+", "-": {
          Type ls = l.strip();
          Type rs = r.strip();
          boolean lp = ls instanceof Type.Pointer || ls instanceof Type.Array;
          boolean rp = rs instanceof Type.Pointer || rs instanceof Type.Array;
          if (lp && rp) {
            return op.equals("-") ? new Type.Builtin("long") : Type.UNKNOWN;
          }
          if (lp && isInteger(rs)) {
            return ls instanceof Type.Array a ? new Type.Pointer(a.element(), false, false) : l;
          }
          if (rp && isInteger(ls) && op.equals("+")) {
            return rs instanceof Type.Array a ? new Type.Pointer(a.element(), false, false) : r;
          }
          return sameArithmetic(ls, rs);
        }
        default:
          return sameArithmetic(l.strip(), r.strip());
      }
    }

    boolean isInteger(Type t) {
      return t instanceof Type.Builtin b && !b.name().equals("float") && !b.name().equals("double")
          && !b.name().equals("void") && !b.name().equals("long double");
    }

    Type sameArithmetic(Type a, Type b) {
      return a instanceof Type.Builtin && a.equals(b) ? a : Type.UNKNOWN;
    }

    // ---------------------------------------------------------------- calls

    Type launch(Expr.Launch l) {
      l.config().forEach(this::type);
      List<Type> argTypes = l.args().stream().map(this::type).toList();
      if (l.callee() instanceof Expr.Name n) {
        List<Decl.Function> candidates = functionsNamed(n.name());
        if (candidates != null && !table.mayHaveUnseenDeclarations(n.name().lastName())) {
          listener.call(new SemaListener.Call(l, n.name().token(), n.name().lastName(),
              ImmutableList.copyOf(candidates), l.args().size(), true, ctx));
          arguments(candidates, n.name(), l.args(), argTypes, null);
        }
      }
      return new Type.Builtin("void");
    }

    /**
     * An unqualified call can also find functions through its arguments' namespaces: when one of
     * those elsewhere in the unit would take this many arguments, the call is no evidence.
     */
    boolean adlCouldFindAnother(String name, List<Decl.Function> candidates, int args) {
      return table.allFunctionsNamed(name).stream().anyMatch(f -> !candidates.contains(f)
          && f.minArgs() <= args && (f.maxArgs() < 0 || args <= f.maxArgs()));
    }

    /** The functions a name denotes, or null when it denotes anything else (or nothing). */
    List<Decl.Function> functionsNamed(QualifiedName name) {
      if (!name.isQualified() && lookupLocal(name.lastName()) != null) {
        return null; // a local lambda or functor
      }
      if (!name.isQualified() && localUsingNamespace) {
        return null;
      }
      if (!name.isQualified() && localUsings.containsKey(name.lastName())) {
        name = localUsings.get(name.lastName());
      }
      List<Object> found = lookup(name, env.scope);
      if (found.isEmpty()) {
        return null;
      }
      List<Decl.Function> fs = new ArrayList<>();
      for (Object o : found) {
        if (!(o instanceof Decl.Function f)) {
          return null;
        }
        fs.add(f);
      }
      return fs;
    }

    Type call(Expr.Call c) {
      List<Type> argTypes = c.args().stream().map(this::type).toList();
      if (c.callee() instanceof Expr.Name n) {
        List<Decl.Function> candidates = functionsNamed(n.name());
        if (candidates == null) {
          return Type.UNKNOWN;
        }
        boolean complete = !table.mayHaveUnseenDeclarations(n.name().lastName());
        if (complete && (n.name().isQualified()
            || !adlCouldFindAnother(n.name().lastName(), candidates, c.args().size()))) {
          listener.call(new SemaListener.Call(c, n.name().token(), n.name().lastName(),
              ImmutableList.copyOf(candidates), c.args().size(), false, ctx));
        }
        return arguments(candidates, n.name(), c.args(), argTypes, null);
      }
      if (c.callee() instanceof Expr.Member m) {
        Type base = type(m.base()).strip();
        if (m.arrow() && base instanceof Type.Pointer p) {
          base = p.pointee().strip();
        }
        if (base instanceof Type.Named named && named.decl() != null && named.scope() != null
            && named.decl().bases().isEmpty()) {
          List<Decl.Function> methods = new ArrayList<>();
          for (Object o : named.scope().member(m.name().text())) {
            if (o instanceof Decl.Function f) {
              methods.add(f);
            } else {
              return Type.UNKNOWN;
            }
          }
          if (methods.isEmpty()) {
            return Type.UNKNOWN;
          }
          listener.call(new SemaListener.Call(c, m.name(), m.name().text(), ImmutableList.copyOf(methods),
              c.args().size(), false, ctx));
          QualifiedName qn = new QualifiedName(false, ImmutableList.of(new QualifiedName.Part(m.name(),
              m.templateArgs())));
          return arguments(methods, qn, c.args(), argTypes, named);
        }
        return Type.UNKNOWN;
      }
      type(c.callee());
      return Type.UNKNOWN;
    }

    /**
     * With exactly one candidate that takes this many arguments: reports each argument's
     * conversion, queues the callee's instantiation, and returns its result type.
     */
    Type arguments(List<Decl.Function> candidates, QualifiedName name, List<Expr> args, List<Type> argTypes,
        Type.Named object) {
      List<Decl.Function> viable = candidates.stream()
          .filter(f -> f.minArgs() <= args.size() && (f.maxArgs() < 0 || args.size() <= f.maxArgs())).toList();
      if (viable.size() != 1) {
        return Type.UNKNOWN;
      }
      Decl.Function f = viable.get(0);
      Map<String, Type> bindings = new HashMap<>();
      if (object != null) {
        bindings.putAll(recordBindings(object));
      }
      Set<String> params = paramNames(f.templateParams());
      ImmutableList<TemplateArg> explicit = name.last().templateArgs();
      if (f.isTemplate()) {
        if (explicit != null) {
          for (int i = 0; i < explicit.size() && i < f.templateParams().size(); i++) {
            bindings.put(f.templateParams().get(i).name(), argumentType(explicit.get(i), env));
          }
        }
        for (int i = 0; i < f.params().size() && i < argTypes.size(); i++) {
          deduce(f.params().get(i).type(), argTypes.get(i), params, bindings);
        }
      }
      Scope calleeScope = table.scopeOf(f);
      Set<String> unbound = new HashSet<>(params);
      if (calleeScope.kind() == Scope.Kind.RECORD && calleeScope.record() != null) {
        unbound.addAll(paramNames(calleeScope.record().templateParams()));
      }
      unbound.removeAll(bindings.keySet());
      Env calleeEnv = new Env(calleeScope, bindings, unbound, true);
      for (int i = 0; i < args.size() && i < f.params().size(); i++) {
        Decl.Param p = f.params().get(i);
        if (p.pack()) {
          break;
        }
        Type to = resolve(p.type(), calleeEnv);
        listener.conversion(new SemaListener.Conversion(SemaListener.Conversion.Kind.ARGUMENT, args.get(i).start(), to,
            argTypes.get(i), args.get(i), f, i, p, ctx));
      }
      boolean allBound = unbound.isEmpty();
      if (f.body() != null && allBound && (f.isTemplate() || object != null) && bindings.values().stream()
          .allMatch(Type::known)) {
        Map<String, Type> plain = new LinkedHashMap<>();
        bindings.forEach((k, v) -> plain.put(k, v.strip()));
        enqueue(new Context(f, ImmutableMap.copyOf(plain), ctx.label(), ctx.live()));
      } else if (f.body() != null && !f.isTemplate() && ctx.live()) {
        enqueue(new Context(f, ImmutableMap.of(), ctx.label(), true));
      }
      return f.returnType() == null ? Type.UNKNOWN : resolve(f.returnType(), calleeEnv);
    }

    /** Deduction for the simple shapes: T, T*, T&, const T&, X<T, ...> against a known argument type. */
    void deduce(TypeSpec p, Type arg, Set<String> params, Map<String, Type> out) {
      if (p == null || p.opaque() || p.name() == null || !arg.known()) {
        return;
      }
      Type a = arg;
      for (int i = 0; i < p.pointers().size(); i++) {
        Type s = a.strip();
        if (!(s instanceof Type.Pointer ptr)) {
          return;
        }
        a = ptr.pointee();
      }
      QualifiedName n = p.name();
      if (!n.isQualified() && params.contains(n.lastName()) && n.last().templateArgs() == null) {
        out.putIfAbsent(n.lastName(), a);
        return;
      }
      Type s = a.strip();
      if (s instanceof Type.Named named && n.last().templateArgs() != null
          && named.name().equals(n.lastName()) && named.args().size() == n.last().templateArgs().size()) {
        for (int i = 0; i < named.args().size(); i++) {
          if (n.last().templateArgs().get(i) instanceof TemplateArg.Type t) {
            deduce(t.type(), named.args().get(i), params, out);
          }
        }
      }
    }
  }
}
