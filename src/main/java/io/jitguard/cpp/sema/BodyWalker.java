package io.jitguard.cpp.sema;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.jitguard.cpp.ast.Decl;
import io.jitguard.cpp.ast.Expr;
import io.jitguard.cpp.ast.QualifiedName;
import io.jitguard.cpp.ast.Stmt;
import io.jitguard.cpp.ast.TemplateArg;
import io.jitguard.cpp.ast.TypeSpec;
import io.jitguard.cpp.lex.Token;
import io.jitguard.cpp.model.CudaNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Walks one function body in one instantiation context: gives every expression its type (as far
 * as the checker can know it) and tells the listener about every call, implicit conversion and
 * target-feature use on the way. Block-scope names (variables, aliases, constants) live in
 * frames that shadow the function's scope; {@code if constexpr} walks the branch its condition
 * selects, or, when the checker cannot evaluate it, both, with conclusions marked uncertain.
 */
final class BodyWalker {
  /** How deeply statements and expressions are walked before the rest of a function is left unchecked. */
  static final int MAX_DEPTH = 400;

  private static final class Frame {
    final Map<String, Type> vars = new HashMap<>();
    final Map<String, Long> constants = new HashMap<>();
    final Map<String, Type> types = new HashMap<>();
    /** The locals in scope with their initializers, this frame's first: a snapshot costs nothing. */
    Flow.Locals locals;

    Frame(Flow.Locals outer) {
      this.locals = outer;
    }
  }

  private Frame newFrame() {
    return new Frame(frames.isEmpty() ? null : frames.peek().locals);
  }

  /** What a function name resolved to: the overload set, whether it is complete, and the class it is a member of. */
  private record Overloads(List<Decl.Function> functions, AnalysisEvent.Lookup lookup, Type.Named owner) {}

  private final Analyzer analyzer;
  private final SymbolTable table;
  private final TypeResolver resolver;
  private final Members members;
  private final ConstantEvaluator constants;
  private final SemaListener listener;
  private final Analyzer.Context ctx;
  private final Env base;
  private final Type.Named self;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final Deque<Type> returnTypes = new ArrayDeque<>();
  private final Map<String, QualifiedName> localUsings = new HashMap<>();
  private final Env.Locals locals = new Env.Locals() {
    @Override
    public Type type(String name) {
      for (Frame f : frames) {
        Type t = f.types.get(name);
        if (t != null) {
          return t;
        }
        if (f.vars.containsKey(name)) {
          return null; // a variable hides an outer type of the same name
        }
      }
      return null;
    }

    @Override
    public Type variable(String name) {
      for (Frame f : frames) {
        Type t = f.vars.get(name);
        if (t != null) {
          return t;
        }
      }
      return null;
    }

    @Override
    public OptionalLong constant(String name) {
      for (Frame f : frames) {
        if (f.vars.containsKey(name)) {
          Long v = f.constants.get(name);
          return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }
      }
      return OptionalLong.empty();
    }
  };
  private boolean localUsingNamespace;
  private Flow flow = Flow.TOP;
  private int depth;

  BodyWalker(Analyzer analyzer, Analyzer.Context ctx) {
    this.analyzer = analyzer;
    this.table = analyzer.table();
    this.resolver = analyzer.resolver();
    this.members = analyzer.members();
    this.constants = analyzer.constants();
    this.listener = analyzer.listener();
    this.ctx = ctx;
    Decl.Function f = ctx.function();
    Scope scope = table.scopeOf(f);
    Map<String, Type> bound = new LinkedHashMap<>(ctx.bindings());
    Set<String> unbound = new HashSet<>(names(f.templateParams()));
    Type.Named selfType = null;
    if (scope.kind() == Scope.Kind.RECORD && scope.record() != null) {
      Decl.Record r = scope.record();
      List<String> recordParams = names(r.templateParams());
      List<String> definitionNames = table.outOfClassParams(f);
      if (definitionNames != null) { // template <typename U> void A<U>::f(): U is A's first parameter
        for (int i = 0; i < definitionNames.size() && i < recordParams.size(); i++) {
          Type b = ctx.bindings().get(recordParams.get(i));
          if (b != null) {
            bound.put(definitionNames.get(i), b);
          } else {
            unbound.add(definitionNames.get(i));
          }
        }
      }
      unbound.addAll(recordParams);
      Map<String, Type> recordBindings = new LinkedHashMap<>();
      List<Type> args = new ArrayList<>();
      for (String p : recordParams) {
        Type b = ctx.bindings().get(p);
        if (b != null) {
          recordBindings.put(p, b);
        }
        args.add(b == null ? new Type.Unknown("dependent on " + p) : b);
      }
      selfType = new Type.Named(r.simpleName(), ImmutableList.copyOf(args), r, scope,
          ImmutableMap.copyOf(recordBindings), false);
    }
    unbound.removeAll(bound.keySet());
    this.self = selfType;
    this.base = new Env(scope, ImmutableMap.copyOf(bound), ImmutableSet.copyOf(unbound), null, selfType, false);
  }

  private static List<String> names(List<Decl.TemplateParam> ps) {
    List<String> out = new ArrayList<>();
    if (ps != null) {
      for (Decl.TemplateParam p : ps) {
        if (p.name() != null) {
          out.add(p.name());
        }
      }
    }
    return out;
  }

  private Env env() {
    return base.withLocals(locals);
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      depth--;
      throw new AnalysisLimit("statements and expressions nested more than " + MAX_DEPTH + " levels deep");
    }
  }

  private void leave() {
    depth--;
  }

  void walk() {
    Decl.Function f = ctx.function();
    Frame params = newFrame();
    frames.push(params);
    for (Decl.Param p : f.params()) {
      if (p.name() != null) {
        params.vars.put(p.name(), p.pack() ? new Type.Unknown("pack") : resolver.resolve(p.type(), env()));
      }
    }
    returnTypes.push(f.returnType() == null ? Type.VOID : resolver.resolve(f.returnType(), env()));
    for (Decl.MemInit mi : f.memInits()) {
      memberInitializer(mi);
    }
    statement(f.body());
  }

  // ---------------------------------------------------------------- statements

  private void statement(Stmt s) {
    if (s == null) {
      return;
    }
    enter();
    try {
      statementInner(s);
    } finally {
      leave();
    }
  }

  private void scoped(Runnable r) {
    frames.push(newFrame());
    try {
      r.run();
    } finally {
      frames.pop();
    }
  }

  private void statementInner(Stmt s) {
    if (s instanceof Stmt.Block b) {
      scoped(() -> b.statements().forEach(this::statement));
    } else if (s instanceof Stmt.Declaration d) {
      d.vars().forEach(this::variable);
    } else if (s instanceof Stmt.ExprStmt e) {
      type(e.expr());
    } else if (s instanceof Stmt.If i) {
      scoped(() -> ifStatement(i));
    } else if (s instanceof Stmt.For f) {
      scoped(() -> {
        statement(f.init());
        type(f.condition());
        type(f.step());
        inBranch(Flow.Kind.LOOP, f.start(), f.condition(), () -> statement(f.body()));
      });
    } else if (s instanceof Stmt.RangeFor r) {
      scoped(() -> {
        type(r.range());
        if (r.variable() != null) {
          TypeSpec t = r.variable().type();
          declare(r.variable().name(), t.isAuto() ? new Type.Unknown("range element") : resolver.resolve(t, env()));
        }
        r.bindings().forEach(b -> declare(b.text(), new Type.Unknown("structured binding")));
        inBranch(Flow.Kind.LOOP, r.start(), r.range(), () -> statement(r.body()));
      });
    } else if (s instanceof Stmt.StructuredBinding b) {
      type(b.init());
      b.names().forEach(n -> declare(n.text(), new Type.Unknown("structured binding")));
    } else if (s instanceof Stmt.While w) {
      scoped(() -> {
        type(w.condition());
        inBranch(Flow.Kind.LOOP, w.start(), w.condition(), () -> statement(w.body()));
      });
    } else if (s instanceof Stmt.DoWhile d) {
      inBranch(Flow.Kind.LOOP, d.start(), d.condition(), () -> statement(d.body()));
      type(d.condition());
    } else if (s instanceof Stmt.Switch sw) {
      scoped(() -> {
        type(sw.condition());
        inBranch(Flow.Kind.SWITCH, sw.start(), sw.condition(), () -> statement(sw.body()));
      });
    } else if (s instanceof Stmt.Try t) {
      statement(t.body());
      t.handlers().forEach(this::statement);
    } else if (s instanceof Stmt.Return r) {
      returnStatement(r);
    } else if (s instanceof Stmt.Asm a) {
      listener.event(new AnalysisEvent.InlineAsm(a.start(), a.instructions(), flow, ctx));
      a.operands().forEach(this::type);
    } else if (s instanceof Stmt.LocalDecl ld) {
      localDeclaration(ld.decl());
    }
    // labels, jumps, empty and skipped statements carry nothing to check
  }

  /**
   * An if statement and its {@code else if} chain, walked in a loop, so that a chain of any length
   * costs no depth: a link that declares a name opens a scope that lasts to the chain's end, as
   * C++ nests them; the branches have scopes of their own.
   */
  private void ifStatement(Stmt.If first) {
    int scopes = 0;
    Flow outside = flow;
    try {
      Stmt.If i = first;
      while (true) {
        statement(i.init());
        type(i.condition());
        Stmt next;
        OptionalLong v = i.isConstexpr() ? constants.evaluate(i.condition(), env()) : OptionalLong.empty();
        if (v.isPresent()) { // only the selected branch is instantiated
          if (v.getAsLong() != 0) {
            branch(i.thenBranch());
            return;
          }
          next = i.elseBranch();
        } else {
          // the else side stays inside the condition's branch: it runs (or is instantiated) as the condition says
          flow = flow.enter(i.isConstexpr() ? Flow.Kind.CONSTEXPR_UNEVALUATED : Flow.Kind.IF, i.start(), i.condition(),
              frames.peek().locals);
          branch(i.thenBranch());
          next = i.elseBranch();
        }
        if (!(next instanceof Stmt.If n)) {
          branch(next);
          return;
        }
        if (n.init() != null) {
          frames.push(newFrame());
          scopes++;
        }
        i = n;
      }
    } finally {
      flow = outside;
      for (; scopes > 0; scopes--) {
        frames.pop();
      }
    }
  }

  /** A branch of an if statement: a scope of its own, even when it is not a block. */
  private void branch(Stmt s) {
    if (s != null) {
      scoped(() -> statement(s));
    }
  }

  /** Runs {@code body} inside a branch of the flow: a loop's or switch's body. */
  private void inBranch(Flow.Kind kind, Token at, Expr condition, Runnable body) {
    Flow outside = flow;
    flow = flow.enter(kind, at, condition, frames.peek().locals);
    try {
      body.run();
    } finally {
      flow = outside;
    }
  }

  private void returnStatement(Stmt.Return r) {
    if (r.value() == null) {
      return;
    }
    Type to = returnTypes.peek();
    if (r.value() instanceof Expr.InitList l && to != null) {
      braced(to, l.items(), l.start());
      return;
    }
    Type from = type(r.value());
    if (to != null && to.known()) {
      convert(AnalysisEvent.Conversion.Kind.RETURN, r.value().start(), to, from,
          r.value(), null, -1, null);
    }
  }

  private void localDeclaration(Decl d) {
    if (d instanceof Decl.Var v) {
      variable(v);
    } else if (d instanceof Decl.Alias a) {
      if (a.templateParams() == null) { // a block-scope alias hides any outer name
        frames.peek().types.put(a.name(), new Type.Sugar(a.name(), resolver.resolve(a.type(), env())));
      } else {
        frames.peek().types.put(a.name(), new Type.Unknown("local alias template"));
      }
    } else if (d instanceof Decl.UsingName u) {
      localUsings.put(u.target().lastName(), u.target());
    } else if (d instanceof Decl.UsingNamespace u) {
      localUsingNamespace = true;
    } else if (d instanceof Decl.Record r) {
      if (r.simpleName() != null) {
        frames.peek().types.put(r.simpleName(), Type.Named.opaque(r.simpleName()));
      }
    }
  }

  /** Whether a call's arguments may depend on template parameters this context leaves unbound. */
  private boolean dependent(List<Type> argTypes, ImmutableList<TemplateArg> explicit) {
    if (base.unbound().isEmpty()) {
      return false;
    }
    return argTypes.stream().anyMatch(t -> !t.known()) || (explicit != null && !explicit.isEmpty());
  }

  private void convert(AnalysisEvent.Conversion.Kind kind, Token at, Type to, Type from, Expr source,
      Decl.Function callee, int argIndex, Decl.Param param) {
    listener.event(new AnalysisEvent.Conversion(kind, at, to, from, source, callee, argIndex, param,
        mayDeriveFrom(from, to), flow, ctx));
  }

  /** Whether {@code from} points to a class that derives from the class {@code to} points to, or may. */
  private boolean mayDeriveFrom(Type from, Type to) {
    Type f = from.strip();
    Type t = to.strip();
    if (f instanceof Type.Array a) {
      f = new Type.Pointer(a.element(), false, false);
    }
    if (!(f instanceof Type.Pointer fp) || !(t instanceof Type.Pointer tp)
        || !(fp.pointee().strip() instanceof Type.Named derived)
        || !(tp.pointee().strip() instanceof Type.Named base)) {
      return false;
    }
    return derives(derived, base, 0);
  }

  private boolean derives(Type.Named derived, Type.Named base, int depth) {
    if (derived.decl() == null || depth > Members.MAX_BASE_DEPTH) {
      return false;
    }
    for (Decl.Base b : derived.decl().bases()) {
      Type bt = resolver.resolve(b.type(), members.envOf(derived)).strip();
      if (!(bt instanceof Type.Named n) || !n.known()) {
        return true; // a base the checker cannot see could be the target
      }
      if (n.canonical().equals(base.canonical()) || derives(n, base, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private void declare(String name, Type t) {
    declare(name, t, null);
  }

  private void declare(String name, Type t, Expr init) {
    Frame f = frames.peek();
    f.vars.put(name, t);
    f.locals = new Flow.Locals(name, init, f.locals);
  }

  private void variable(Decl.Var v) {
    TypeSpec spec = v.type();
    Type declared = spec.isAuto() || spec.opaque() ? null : resolver.resolve(spec, env());
    Type init = null;
    Expr e = v.init();
    if (e instanceof Expr.InitList l) {
      if (declared != null) {
        braced(declared, l.items(), v.start());
      } else {
        l.items().forEach(this::type);
      }
    } else if (e instanceof Expr.Cast c && c.kind().equals("construct")) {
      if (declared != null && Type.isRecord(declared)) {
        construct(declared, c.operands(), v.start(), false);
      } else {
        List<Type> argTypes = c.operands().stream().map(this::type).toList();
        if (declared != null && c.operands().size() == 1) {
          convert(AnalysisEvent.Conversion.Kind.INITIALIZATION, c.operands().get(0).start(), declared,
              argTypes.get(0), c.operands().get(0), null, -1, null);
        }
      }
    } else if (e != null) {
      init = type(e);
      if (declared != null) {
        convert(AnalysisEvent.Conversion.Kind.INITIALIZATION, e.start(),
            declared, init, e, null, -1, null);
      }
    }
    if (declared == null) {
      declared = init == null ? new Type.Unknown("auto") : decay(init);
    }
    declare(v.name(), declared, e);
    if (e != null && !(e instanceof Expr.Cast c && c.kind().equals("construct"))) {
      OptionalLong value = constants.evaluate(e instanceof Expr.InitList l && l.items().size() == 1
          ? l.items().get(0) : e, env());
      if (value.isPresent() && (v.isConstexpr() || spec.isConst())) {
        frames.peek().constants.put(v.name(), value.getAsLong());
      }
    }
  }

  /** {@code auto} takes the initialiser's type; arrays decay. */
  private static Type decay(Type t) {
    return t.strip() instanceof Type.Array a ? new Type.Pointer(a.element(), false, false) : t;
  }

  /** Braced initialisation of a value of type {@code t}: a scalar, an aggregate, or a constructor call. */
  private void braced(Type t, List<Expr> items, Token at) {
    Type s = t.strip();
    if (Type.isRecord(s)) {
      construct(t, items, at, true);
      return;
    }
    List<Type> types = items.stream().map(this::type).toList();
    if (items.size() == 1 && s instanceof Type.Pointer) {
      convert(AnalysisEvent.Conversion.Kind.INITIALIZATION, items.get(0).start(),
          t, types.get(0), items.get(0), null, -1, null);
    }
  }

  private void memberInitializer(Decl.MemInit mi) {
    List<Type> argTypes = mi.args().stream().map(this::type).toList();
    if (self == null || mi.member().isQualified()) {
      return;
    }
    for (Object o : self.scope().own(mi.member().lastName())) {
      if (o instanceof Decl.Field f && !f.isStatic()) {
        Type to = resolver.resolve(f.type(), members.envOf(self));
        if (mi.args().size() == 1 && !Type.isRecord(to)) {
          convert(AnalysisEvent.Conversion.Kind.INITIALIZATION, mi.args().get(0).start(), to,
              argTypes.get(0), mi.args().get(0), null, -1, null);
        }
        return;
      }
    }
  }

  // ---------------------------------------------------------------- expressions

  Type type(Expr e) {
    if (e == null) {
      return Type.UNKNOWN;
    }
    enter();
    try {
      return typeInner(e);
    } finally {
      leave();
    }
  }

  private Type typeInner(Expr e) {
    if (e instanceof Expr.Literal l) {
      return switch (l.kind()) {
        case INTEGER -> Type.INT;
        case FLOATING -> l.start().text().toLowerCase(java.util.Locale.ROOT).endsWith("f") ? Type.FLOAT : Type.DOUBLE;
        case STRING -> new Type.Pointer(Type.CHAR, true, false);
        case CHARACTER -> Type.CHAR;
        case BOOLEAN -> Type.BOOL;
        case NULLPTR -> new Type.NullPtr();
      };
    } else if (e instanceof Expr.This t) {
      return self == null ? Type.UNKNOWN : new Type.Pointer(self, false, false);
    } else if (e instanceof Expr.Name n) {
      return name(n.name());
    } else if (e instanceof Expr.Member m) {
      return member(m);
    } else if (e instanceof Expr.Index i) {
      Type b = type(i.base()).strip();
      type(i.index());
      if (b instanceof Type.Pointer p) {
        return p.pointee();
      }
      return b instanceof Type.Array a ? a.element() : Type.UNKNOWN;
    } else if (e instanceof Expr.Unary u) {
      return unary(u);
    } else if (e instanceof Expr.Binary b) {
      return binary(b);
    } else if (e instanceof Expr.Conditional c) {
      return conditional(c);
    } else if (e instanceof Expr.Cast c) {
      Type t = resolver.resolve(c.type(), env());
      if (c.kind().startsWith("functional") && Type.isRecord(t)) {
        construct(t, c.operands(), c.start(), c.kind().equals("functional-list"));
      } else {
        c.operands().forEach(this::type);
      }
      return t;
    } else if (e instanceof Expr.Call c) {
      return call(c);
    } else if (e instanceof Expr.Launch l) {
      return launch(l);
    } else if (e instanceof Expr.Lambda l) {
      lambda(l);
      return new Type.Lambda(l, null);
    } else if (e instanceof Expr.InitList l) {
      l.items().forEach(this::type);
      return Type.UNKNOWN;
    } else if (e instanceof Expr.Designated d) {
      return type(d.value());
    } else if (e instanceof Expr.Special sp) {
      sp.operands().forEach(this::type);
      if (sp.keyword().startsWith("sizeof") || sp.keyword().contains("align")) {
        return Type.SIZE;
      }
      if (sp.keyword().equals("new") && sp.type() != null) {
        Type t = resolver.resolve(sp.type(), env());
        return new Type.Pointer(t, false, false);
      }
      return Type.UNKNOWN;
    } else {
      return Type.UNKNOWN;
    }
  }

  private void lambda(Expr.Lambda l) {
    Frame params = newFrame();
    if (l.params() != null) {
      for (Decl.Param p : l.params()) {
        if (p.name() != null) {
          params.vars.put(p.name(), p.type().isAuto() || p.pack() ? Type.UNKNOWN : resolver.resolve(p.type(), env()));
          params.locals = new Flow.Locals(p.name(), null, params.locals); // a parameter hides an outer local
        }
      }
    }
    frames.push(params);
    // a lambda's deduced return type is nothing to check against
    returnTypes.push(l.returnType() == null ? new Type.Unknown("deduced") : resolver.resolve(l.returnType(), env()));
    try {
      statement(l.body());
    } finally {
      returnTypes.pop();
      frames.pop();
    }
  }

  private Type name(QualifiedName n) {
    String last = n.lastName();
    if (!n.isQualified()) {
      Type local = locals.variable(last);
      if (local != null) {
        return local;
      }
      if (CudaNames.BUILTIN_VECTOR_VARIABLES.contains(last)) {
        return Type.Named.cuda(last.endsWith("Dim") ? "dim3" : "uint3");
      }
      if (base.isTemplateParameter(last)) {
        return Type.UNKNOWN; // a value template parameter
      }
      if (last.equals("warpSize")) {
        return Type.INT;
      }
      if (localUsings.containsKey(last)) {
        n = localUsings.get(last);
      } else if (self != null) {
        Members.Found found = members.lookup(self, last);
        if (!found.entries().isEmpty()) {
          return memberValue(found.entries(), found.owner(), n);
        }
        if (!found.complete()) {
          return Type.UNKNOWN;
        }
      }
    }
    if (!n.isQualified()) {
      return valueFrom(resolver.lookupSkipping(table.scopeOf(ctx.function()), last), n);
    }
    QualifiedName prefix = new QualifiedName(n.global(), n.parts().subList(0, n.parts().size() - 1));
    Scope ns = table.resolveNamespace(prefix, base.scope());
    if (ns != null) {
      return valueFrom(ns.member(last), n);
    }
    Type owner = resolver.resolveName(prefix, env()).strip();
    if (owner instanceof Type.Enumeration en) {
      return en;
    }
    if (owner instanceof Type.Named named && named.decl() != null && named.scope() != null) {
      Members.Found found = members.lookup(named, last);
      return memberValue(found.entries(), found.owner(), n);
    }
    return Type.UNKNOWN;
  }

  /** The type of what a name found at namespace scope denotes as a value. */
  private Type valueFrom(List<Object> entries, QualifiedName n) {
    for (Object o : entries) {
      if (o instanceof Decl.Var v) {
        return v.type().isAuto() ? Type.UNKNOWN : resolver.resolve(v.type(), Env.of(table.scopeOf(v)));
      } else if (o instanceof Decl.Enumerator en) {
        Decl.Enum e = table.enumOf(en);
        return e == null ? Type.UNKNOWN : new Type.Enumeration(e.name() == null ? "<anonymous enum>" : e.name(), e);
      } else if (o instanceof Decl.Function f) {
        return functionValue(entries, n);
      }
    }
    return Type.UNKNOWN;
  }

  /** A member named as a value: a field's type, an enumerator's enumeration, a member function. */
  private Type memberValue(List<Object> entries, Type.Named owner, QualifiedName n) {
    for (Object o : entries) {
      if (o instanceof Decl.Field f) {
        return resolver.resolve(f.type(), members.envOf(owner));
      } else if (o instanceof Decl.Var v) {
        return resolver.resolve(v.type(), members.envOf(owner));
      } else if (o instanceof Decl.Enumerator en) {
        Decl.Enum e = table.enumOf(en);
        return e == null ? Type.UNKNOWN : new Type.Enumeration(e.name() == null ? "<anonymous enum>" : e.name(), e);
      }
    }
    return Type.UNKNOWN;
  }

  /** {@code kernel<T, N>} named without a call ({@code auto k = kernel<T>;}): that instantiation is emitted. */
  private Type functionValue(List<Object> entries, QualifiedName n) {
    ImmutableList<TemplateArg> targs = n.last().templateArgs();
    List<Decl.Function> templates = new ArrayList<>();
    for (Object o : entries) {
      if (o instanceof Decl.Function f && f.isTemplate()) {
        templates.add(f);
      }
    }
    if (targs == null || templates.size() != 1) {
      return Type.UNKNOWN;
    }
    Decl.Function f = templates.get(0);
    Map<String, Type> bindings = new LinkedHashMap<>();
    if (!bindExplicit(f, targs, bindings)) {
      return Type.UNKNOWN;
    }
    fillDefaults(f, bindings);
    if (instantiable(f, bindings)) {
      analyzer.enqueue(new Analyzer.Context(f, stripped(bindings), ctx.label(), ctx.live()));
    }
    return new Type.FunctionRef(f, ImmutableMap.copyOf(bindings));
  }

  private Type member(Expr.Member m) {
    Type b = type(m.base()).strip();
    if (m.arrow()) {
      if (!(b instanceof Type.Pointer p)) {
        return Type.UNKNOWN;
      }
      b = p.pointee().strip();
    }
    if (b instanceof Type.Named n) {
      if (n.cudaType()) {
        return vectorComponent(n.name(), m.name().text());
      }
      if (n.decl() != null && n.scope() != null) {
        Members.Found found = members.lookup(n, m.name().text());
        return memberValue(found.entries(), found.owner(), QualifiedName.simple(m.name()));
      }
    }
    return Type.UNKNOWN;
  }

  private static Type vectorComponent(String vector, String field) {
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

  private Type unary(Expr.Unary u) {
    Type t = type(u.operand());
    switch (u.op()) {
      case "&" -> {
        Type s = t.strip();
        if (s instanceof Type.Named n && n.decl() != null) {
          return Type.UNKNOWN; // operator& may be overloaded
        }
        return t.known() ? new Type.Pointer(t, false, false) : Type.UNKNOWN;
      }
      case "*" -> {
        Type s = t.strip();
        if (s instanceof Type.Pointer p) {
          return p.pointee();
        }
        return s instanceof Type.Array a ? a.element() : Type.UNKNOWN;
      }
      case "!" -> {
        return Type.BOOL;
      }
      default -> {
        Type s = t.strip();
        return s instanceof Type.Builtin || (s instanceof Type.Pointer && (u.op().equals("++") || u.op().equals("--")))
            ? t : Type.UNKNOWN;
      }
    }
  }

  private Type binary(Expr.Binary b) {
    String op = b.op().text();
    if (op.equals("=")) {
      Type to = type(b.left());
      Type from = b.right() instanceof Expr.InitList l ? Type.UNKNOWN : type(b.right());
      if (b.right() instanceof Expr.InitList l) {
        l.items().forEach(this::type);
      }
      if (!Type.isRecord(to)) { // a class's assignment is a call of its operator=
        convert(AnalysisEvent.Conversion.Kind.ASSIGNMENT, b.op(), to, from,
            b.right(), null, -1, null);
      }
      return to;
    }
    Type l = type(b.left());
    Type r = type(b.right());
    if (b.isAssignment()) {
      return l;
    }
    Type ls = l.strip();
    Type rs = r.strip();
    if (isClass(ls) || isClass(rs)) {
      return Type.UNKNOWN; // an overloaded operator
    }
    switch (op) {
      case ",":
        return r;
      case "==", "!=", "<", ">", "<=", ">=", "&&", "||":
        return Type.BOOL;
      case "+", "-": {
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
        return sameArithmetic(ls, rs);
    }
  }

  private static boolean isClass(Type t) {
    return t instanceof Type.Named;
  }

  private static boolean isInteger(Type t) {
    return t instanceof Type.Builtin b && !b.name().equals("float") && !b.name().equals("double")
        && !b.name().equals("void") && !b.name().equals("long double");
  }

  private static Type sameArithmetic(Type a, Type b) {
    return a instanceof Type.Builtin && a.equals(b) ? a : Type.UNKNOWN;
  }

  private Type conditional(Expr.Conditional c) {
    type(c.condition());
    Type a = type(c.whenTrue());
    Type b = type(c.whenFalse());
    if (a.known() && b.known() && a.canonical().equals(b.canonical())) {
      return a;
    }
    Type as = a.strip();
    Type bs = b.strip();
    // a pointer and a null pointer constant: the pointer's type
    if (as instanceof Type.Pointer && isNullConstant(c.whenFalse(), bs)) {
      return a;
    }
    if (bs instanceof Type.Pointer && isNullConstant(c.whenTrue(), as)) {
      return b;
    }
    // pointers to the same type with different qualifiers: the more qualified
    if (as instanceof Type.Pointer pa && bs instanceof Type.Pointer pb && pa.known() && pb.known()
        && pa.pointee().canonical().equals(pb.pointee().canonical())) {
      return new Type.Pointer(pa.pointee(), pa.pointeeConst() || pb.pointeeConst(),
          pa.pointeeVolatile() || pb.pointeeVolatile());
    }
    return Type.UNKNOWN;
  }

  private static boolean isNullConstant(Expr e, Type t) {
    return t instanceof Type.NullPtr || (e instanceof Expr.Literal l && l.isZero());
  }

  // ---------------------------------------------------------------- calls

  private Type launch(Expr.Launch l) {
    l.config().forEach(this::type);
    List<Type> argTypes = l.args().stream().map(this::type).toList();
    if (l.callee() instanceof Expr.Name n) {
      Overloads o = functionsNamed(n.name());
      if (o != null && !o.functions().isEmpty()) {
        listener.event(new AnalysisEvent.Call(l, n.name().token(), n.name().lastName(),
            AnalysisEvent.Callee.KERNEL_LAUNCH, ImmutableList.copyOf(o.functions()), l.args().size(), o.lookup(),
            dependent(argTypes, n.name().last().templateArgs()), flow, ctx));
        arguments(o.functions(), n.name(), l.args(), argTypes, o.owner(), true);
      }
    } else {
      type(l.callee());
    }
    return Type.VOID;
  }

  private Type call(Expr.Call c) {
    Expr callee = c.callee();
    if (callee instanceof Expr.Name n) {
      List<Type> argTypes = c.args().stream().map(this::type).toList();
      return nameCall(c, n.name(), argTypes);
    }
    if (callee instanceof Expr.Member m) {
      return memberCall(c, m);
    }
    Type t = type(callee);
    List<Type> argTypes = c.args().stream().map(this::type).toList();
    return callValue(c, callee.start(), t, argTypes);
  }

  private Type nameCall(Expr.Call c, QualifiedName name, List<Type> argTypes) {
    if (!name.isQualified()) {
      Type local = locals.variable(name.lastName());
      if (local != null) {
        return callValue(c, name.token(), local, argTypes);
      }
      if (locals.type(name.lastName()) != null) { // a local alias: T(args) is a cast or construction
        Type t = locals.type(name.lastName());
        if (Type.isRecord(t)) {
          construct(t, c.args(), name.token(), false, argTypes);
        }
        return t;
      }
      if (base.isTemplateParameter(name.lastName())) {
        return Type.UNKNOWN; // T(x) with T a template parameter
      }
    }
    Overloads o = functionsNamed(name);
    if (o == null || o.functions().isEmpty()) {
      Type t = typeNamed(name);
      if (t != null) {
        if (Type.isRecord(t)) {
          construct(t, c.args(), name.token(), false, argTypes);
        }
        return t;
      }
      if (o != null) { // no declaration seen: still a call, of a built-in such as __syncthreads
        listener.event(new AnalysisEvent.Call(c, name.token(), name.lastName(), AnalysisEvent.Callee.FUNCTION,
            ImmutableList.of(), c.args().size(), o.lookup(), dependent(argTypes, name.last().templateArgs()), flow,
            ctx));
      }
      return Type.UNKNOWN;
    }
    listener.event(new AnalysisEvent.Call(c, name.token(), name.lastName(), AnalysisEvent.Callee.FUNCTION,
        ImmutableList.copyOf(o.functions()), c.args().size(), o.lookup(), dependent(argTypes,
            name.last().templateArgs()), flow, ctx));
    return arguments(o.functions(), name, c.args(), argTypes, o.owner(), false);
  }

  /** The type a name denotes when it denotes one (a functional cast {@code T(x)}), else null. */
  private Type typeNamed(QualifiedName name) {
    List<Object> entries;
    if (name.isQualified()) {
      QualifiedName prefix = new QualifiedName(name.global(), name.parts().subList(0, name.parts().size() - 1));
      Scope ns = table.resolveNamespace(prefix, base.scope());
      if (ns == null) {
        return null;
      }
      entries = ns.member(name.lastName());
    } else {
      entries = resolver.lookupSkipping(base.scope(), name.lastName());
    }
    boolean isType = entries.stream().anyMatch(o -> o instanceof Decl.Record || o instanceof Decl.Alias);
    return isType ? resolver.resolveName(name, env()) : null;
  }

  private Type memberCall(Expr.Call c, Expr.Member m) {
    Type b = type(m.base()).strip();
    List<Type> argTypes = c.args().stream().map(this::type).toList();
    if (m.arrow()) {
      if (!(b instanceof Type.Pointer p)) {
        return Type.UNKNOWN;
      }
      b = p.pointee().strip();
    }
    if (!(b instanceof Type.Named n) || n.decl() == null || n.scope() == null) {
      return Type.UNKNOWN;
    }
    String name = m.name().text();
    Members.Found found = members.lookup(n, name);
    List<Decl.Function> fns = functionsIn(found.entries());
    if (fns == null || fns.isEmpty()) {
      return Type.UNKNOWN;
    }
    listener.event(new AnalysisEvent.Call(c, m.name(), name, AnalysisEvent.Callee.FUNCTION, ImmutableList.copyOf(fns),
        c.args().size(), memberLookup(found, name), dependent(argTypes, m.templateArgs()), flow, ctx));
    QualifiedName qn = new QualifiedName(false, ImmutableList.of(new QualifiedName.Part(m.name(), m.templateArgs())));
    return arguments(fns, qn, c.args(), argTypes, found.owner(), false);
  }

  /** What a member lookup may have missed: a skipped declaration, a base class the checker cannot see. */
  private AnalysisEvent.Lookup memberLookup(Members.Found found, String name) {
    return new AnalysisEvent.Lookup(table.mayHaveUnseenDeclarations(name), !found.complete(), false,
        ImmutableList.of());
  }

  /** A call of a value: a lambda, an object with operator(), a named function. */
  private Type callValue(Expr.Call c, Token at, Type t, List<Type> argTypes) {
    Type s = t.strip();
    if (s instanceof Type.Lambda l) {
      return lambdaCall(c, at, l.node(), argTypes);
    }
    if (s instanceof Type.Named n && n.decl() != null && n.scope() != null) {
      Members.Found found = members.lookup(n, "operator()");
      List<Decl.Function> fns = functionsIn(found.entries());
      if (fns == null || fns.isEmpty()) {
        return Type.UNKNOWN;
      }
      listener.event(new AnalysisEvent.Call(c, at, "operator()", AnalysisEvent.Callee.CALL_OPERATOR,
          ImmutableList.copyOf(fns), c.args().size(), new AnalysisEvent.Lookup(false, !found.complete(), false,
              ImmutableList.of()), dependent(argTypes, null), flow, ctx));
      return arguments(fns, QualifiedName.simple(at), c.args(), argTypes, found.owner(), false);
    }
    if (s instanceof Type.FunctionRef f) {
      return arguments(List.of(f.function()), QualifiedName.simple(at), c.args(), argTypes, null, false);
    }
    return Type.UNKNOWN;
  }

  private Type lambdaCall(Expr.Call c, Token at, Expr.Lambda l, List<Type> argTypes) {
    ImmutableList<Decl.Param> params = l.params() == null ? ImmutableList.of() : l.params();
    boolean generic = params.stream().anyMatch(p -> p.type().isAuto() || p.pack());
    Decl.Function asFunction = new Decl.Function(l.start(), QualifiedName.simple(l.start().withText(
        io.jitguard.cpp.lex.TokenKind.IDENTIFIER, "lambda")), l.returnType(), params, false, null, ImmutableSet.of(),
        null, false);
    listener.event(new AnalysisEvent.Call(c, at, "lambda", AnalysisEvent.Callee.LAMBDA, ImmutableList.of(asFunction),
        c.args().size(), AnalysisEvent.Lookup.COMPLETE, false, flow, ctx));
    if (!generic && asFunction.accepts(c.args().size())) {
      for (int i = 0; i < c.args().size() && i < params.size(); i++) {
        Decl.Param p = params.get(i);
        Type to = resolver.resolve(p.type(), env());
        convert(AnalysisEvent.Conversion.Kind.ARGUMENT, c.args().get(i).start(),
            to, argTypes.get(i), c.args().get(i), asFunction, i, p);
      }
    }
    return l.returnType() == null ? Type.UNKNOWN : resolver.resolve(l.returnType(), env());
  }

  private static List<Decl.Function> functionsIn(List<Object> entries) {
    List<Decl.Function> fns = new ArrayList<>();
    for (Object o : entries) {
      if (!(o instanceof Decl.Function f)) {
        return null;
      }
      fns.add(f);
    }
    return fns;
  }

  /** The scope unqualified names in this function's body are looked up in, past its class's members. */
  private Scope enclosingScope() {
    Scope s = table.scopeOf(ctx.function());
    return s.kind() == Scope.Kind.RECORD ? s.parent() : s;
  }

  /**
   * The functions a called name denotes; none when the checker saw no declaration of it (a CUDA
   * built-in, or one the target's headers leave out), with what lookup may have missed; null when
   * it denotes anything else, or lookup cannot tell.
   */
  private Overloads functionsNamed(QualifiedName name) {
    String last = name.lastName();
    if (!name.isQualified()) {
      if (localUsingNamespace) {
        return null;
      }
      if (localUsings.containsKey(last)) {
        name = localUsings.get(last);
      }
    }
    if (!name.isQualified()) {
      boolean baseUnknown = false;
      if (self != null) {
        Members.Found found = members.lookup(self, last);
        if (!found.entries().isEmpty()) {
          List<Decl.Function> fns = functionsIn(found.entries());
          if (fns == null) {
            return null;
          }
          return new Overloads(fns, memberLookup(found, last), found.owner());
        }
        baseUnknown = !found.complete();
      }
      List<Object> found = resolver.lookupSkipping(enclosingScope(), last);
      if (found.isEmpty()) {
        return new Overloads(List.of(), new AnalysisEvent.Lookup(table.mayHaveUnseenDeclarations(last), baseUnknown,
            false, ImmutableList.of()), null);
      }
      List<Decl.Function> fns = functionsIn(found);
      if (fns == null) {
        return null;
      }
      return new Overloads(fns, new AnalysisEvent.Lookup(table.mayHaveUnseenDeclarations(last), baseUnknown, false,
          table.allFunctionsNamed(last)), null);
    }
    QualifiedName prefix = new QualifiedName(name.global(), name.parts().subList(0, name.parts().size() - 1));
    Scope ns = table.resolveNamespace(prefix, base.scope());
    if (ns != null) {
      List<Decl.Function> fns = functionsIn(ns.member(last));
      return fns == null ? null : new Overloads(fns, new AnalysisEvent.Lookup(table.mayHaveUnseenDeclarations(last),
          false, false, ImmutableList.of()), null);
    }
    Type owner = resolver.resolveName(prefix, env()).strip();
    if (owner instanceof Type.Named n && n.decl() != null && n.scope() != null) {
      Members.Found found = members.lookup(n, last);
      List<Decl.Function> fns = functionsIn(found.entries());
      return fns == null ? null : new Overloads(fns, memberLookup(found, last), found.owner());
    }
    // neither a namespace nor a class the checker knows: one of the toolkit's, such as cooperative_groups
    return new Overloads(List.of(), new AnalysisEvent.Lookup(table.mayHaveUnseenDeclarations(last), false, false,
        ImmutableList.of()), null);
  }

  /**
   * With exactly one candidate that takes this many arguments: reports each argument's
   * conversion, queues the callee's instantiation, and returns its result type.
   */
  private Type arguments(List<Decl.Function> candidates, QualifiedName name, List<Expr> args, List<Type> argTypes,
      Type.Named owner, boolean launch) {
    List<Decl.Function> viable = new ArrayList<>();
    for (Decl.Function f : candidates) {
      if (f.accepts(args.size())) {
        viable.add(f);
      }
    }
    if (viable.size() != 1) {
      return Type.UNKNOWN;
    }
    Decl.Function f = viable.get(0);
    Map<String, Type> bindings = new LinkedHashMap<>();
    if (owner != null) {
      bindings.putAll(owner.bindings());
      List<String> definitionNames = table.outOfClassParams(f);
      List<String> recordParams = names(owner.decl().templateParams());
      if (definitionNames != null) {
        for (int i = 0; i < definitionNames.size() && i < recordParams.size(); i++) {
          Type b = owner.bindings().get(recordParams.get(i));
          if (b != null) {
            bindings.put(definitionNames.get(i), b);
          }
        }
      }
    }
    ImmutableList<TemplateArg> explicit = name.last().templateArgs();
    if (f.isTemplate()) {
      if (explicit != null && !bindExplicit(f, explicit, bindings)) {
        return Type.UNKNOWN;
      }
      Set<String> params = new HashSet<>(names(f.templateParams()));
      for (int i = 0; i < f.params().size() && i < argTypes.size(); i++) {
        deduce(f.params().get(i).type(), argTypes.get(i), params, bindings);
      }
      fillDefaults(f, bindings);
    }
    Scope calleeScope = table.scopeOf(f);
    Set<String> unbound = new HashSet<>(names(f.templateParams()));
    if (calleeScope.kind() == Scope.Kind.RECORD && calleeScope.record() != null) {
      unbound.addAll(names(calleeScope.record().templateParams()));
      if (table.outOfClassParams(f) != null) {
        unbound.addAll(table.outOfClassParams(f));
      }
    }
    unbound.removeAll(bindings.keySet());
    Env calleeEnv = new Env(calleeScope, ImmutableMap.copyOf(bindings), ImmutableSet.copyOf(unbound), null, owner,
        true);
    for (int i = 0; i < args.size() && i < f.params().size(); i++) {
      Decl.Param p = f.params().get(i);
      if (p.pack()) {
        break;
      }
      Type to = resolver.resolve(p.type(), calleeEnv);
      convert(AnalysisEvent.Conversion.Kind.ARGUMENT, args.get(i).start(), to,
          argTypes.get(i), args.get(i), f, i, p);
    }
    if (f.body() != null) {
      if ((f.isTemplate() || (owner != null && !owner.bindings().isEmpty())) && unbound.isEmpty()
          && instantiable(f, bindings)) {
        analyzer.enqueue(new Analyzer.Context(f, stripped(bindings), ctx.label(), ctx.live()));
      } else if (!f.isTemplate() && ctx.live()) {
        analyzer.enqueue(new Analyzer.Context(f, stripped(bindings), ctx.label(), true));
      }
    }
    if (f.returnType() == null || f.returnType().isAuto()) {
      return Type.UNKNOWN;
    }
    return resolver.resolve(f.returnType(), calleeEnv);
  }

  private boolean bindExplicit(Decl.Function f, List<TemplateArg> explicit, Map<String, Type> bindings) {
    for (int i = 0; i < explicit.size(); i++) {
      if (i >= f.templateParams().size()) {
        return false;
      }
      Decl.TemplateParam tp = f.templateParams().get(i);
      if (tp.pack()) {
        return true; // the rest go to the pack, which stays unmodelled
      }
      bindings.put(tp.name(), resolver.argument(explicit.get(i), env()));
    }
    return true;
  }

  private void fillDefaults(Decl.Function f, Map<String, Type> bindings) {
    for (Decl.TemplateParam tp : f.templateParams()) {
      if (!bindings.containsKey(tp.name()) && tp.defaultArg() != null && !tp.pack()) {
        bindings.put(tp.name(), resolver.argument(tp.defaultArg(), Env.of(table.scopeOf(f), bindings, Set.of())));
      }
    }
  }

  /** Whether an instantiation is worth walking: its type parameters known (a value may be unknown). */
  private static boolean instantiable(Decl.Function f, Map<String, Type> bindings) {
    for (Map.Entry<String, Type> e : bindings.entrySet()) {
      Type t = e.getValue();
      if (t instanceof Type.Value || t.known()) {
        continue;
      }
      if (t instanceof Type.Unknown && isValueParameter(f, e.getKey())) {
        continue;
      }
      return false;
    }
    return true;
  }

  private static boolean isValueParameter(Decl.Function f, String name) {
    if (f.templateParams() != null) {
      for (Decl.TemplateParam p : f.templateParams()) {
        if (name.equals(p.name())) {
          return p.kind() == Decl.TemplateParam.Kind.VALUE;
        }
      }
    }
    return false;
  }

  private static ImmutableMap<String, Type> stripped(Map<String, Type> bindings) {
    Map<String, Type> plain = new LinkedHashMap<>();
    bindings.forEach((k, v) -> plain.put(k, v.strip()));
    return ImmutableMap.copyOf(plain);
  }

  /** Deduction for the simple shapes: T, T*, T&, const T&, X<T, N> against a known argument type. */
  private void deduce(TypeSpec p, Type arg, Set<String> params, Map<String, Type> out) {
    if (p == null || p.opaque() || p.name() == null || !arg.known()) {
      return;
    }
    Type a = arg;
    for (int i = 0; i < p.pointers().size(); i++) {
      Type s = a.strip();
      if (s instanceof Type.Array arr) {
        a = arr.element();
        continue;
      }
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
        && named.name().equals(n.lastName()) && named.args().size() >= n.last().templateArgs().size()) {
      for (int i = 0; i < n.last().templateArgs().size(); i++) {
        TemplateArg ta = n.last().templateArgs().get(i);
        if (ta instanceof TemplateArg.Type t) {
          deduce(t.type(), named.args().get(i), params, out);
        } else if (ta instanceof TemplateArg.Value v && v.expr() instanceof Expr.Name vn && !vn.name().isQualified()
            && params.contains(vn.name().lastName())) {
          out.putIfAbsent(vn.name().lastName(), named.args().get(i));
        }
      }
    }
  }

  /** Construction of a class with these arguments: a constructor call, or aggregate initialisation. */
  private void construct(Type t, List<Expr> args, Token at, boolean braced) {
    construct(t, args, at, braced, null);
  }

  private void construct(Type t, List<Expr> args, Token at, boolean braced, List<Type> knownArgTypes) {
    List<Type> argTypes = knownArgTypes != null ? knownArgTypes : args.stream().map(this::type).toList();
    if (!(t.strip() instanceof Type.Named n) || n.decl() == null || n.scope() == null || !n.decl().definition()) {
      return;
    }
    List<Decl.Function> ctors = members.constructors(n);
    if (ctors.isEmpty()) {
      if (braced && n.decl().bases().isEmpty()) {
        aggregate(n, args, argTypes);
      }
      return;
    }
    boolean inherited = n.decl().members().stream().anyMatch(d -> d instanceof Decl.UsingName);
    boolean initializerList = braced && ctors.stream().anyMatch(f -> f.params().stream().anyMatch(
        p -> p.type() != null && p.type().toString().contains("initializer_list")));
    boolean copy = args.size() == 1 && ctors.stream().noneMatch(f -> f.accepts(1));
    if (copy) {
      return; // most likely the copy or move constructor
    }
    listener.event(new AnalysisEvent.Call(null, at, n.decl().simpleName(), AnalysisEvent.Callee.CONSTRUCTOR,
        ImmutableList.copyOf(ctors), args.size(), new AnalysisEvent.Lookup(
            table.mayHaveUnseenDeclarations(n.decl().simpleName()), false, inherited || initializerList,
            ImmutableList.of()), dependent(argTypes, null), flow, ctx));
    arguments(ctors, QualifiedName.simple(at), args, argTypes, n, false);
  }

  /** {@code Params p{a, b}} for a struct without constructors: each item initialises the next field. */
  private void aggregate(Type.Named n, List<Expr> items, List<Type> types) {
    List<Decl.Field> fields = new ArrayList<>();
    for (Decl d : n.decl().members()) {
      if (d instanceof Decl.Field f && !f.isStatic()) {
        fields.add(f);
      } else if (d instanceof Decl.Record r && r.simpleName() == null) {
        return; // an anonymous member: the order is beyond what is modelled
      }
    }
    Env fieldEnv = members.envOf(n);
    for (int i = 0; i < items.size(); i++) {
      Expr item = items.get(i);
      Decl.Field field = null;
      if (item instanceof Expr.Designated d) {
        for (Decl.Field f : fields) {
          if (f.name().equals(d.name().text())) {
            field = f;
          }
        }
        item = d.value();
      } else if (i < fields.size()) {
        field = fields.get(i);
      }
      if (field == null || item instanceof Expr.InitList) {
        continue;
      }
      Type to = resolver.resolve(field.type(), fieldEnv);
      if (!Type.isRecord(to)) {
        convert(AnalysisEvent.Conversion.Kind.INITIALIZATION, item.start(), to,
            types.get(i), item, null, -1, null);
      }
    }
  }
}
